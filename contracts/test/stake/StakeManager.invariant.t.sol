// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {VouchToken} from "../../src/token/VouchToken.sol";
import {ProtocolParams} from "../../src/governance/ProtocolParams.sol";
import {StakeManager} from "../../src/stake/StakeManager.sol";
import {defaultParams} from "../governance/ProtocolParams.t.sol";

/// @dev Drives random agents through the StakeManager. The handler is also the one
/// authorized game (it locks, unlocks and slashes) and the params owner (it moves the
/// treasury and the unbonding delay mid-run). Ghost variables record, per account, what the
/// StakeManager should owe it, computed here independently of the contract.
contract StakeHandler is Test {
    VouchToken public immutable token;
    ProtocolParams public immutable params;
    StakeManager public immutable stake;

    address[] internal _actors;
    address[] internal _treasuries;

    struct OpenLock {
        address agent;
        bytes32 key;
        uint256 amount;
    }

    OpenLock[] internal _open;
    uint256 internal _nextKey;

    // ghost accounting, per account
    mapping(address => uint256) public ghostDeposited;
    mapping(address => uint256) public ghostWithdrawn;
    mapping(address => uint256) public ghostCredited;
    mapping(address => uint256) public ghostSlashed;
    mapping(address => uint256) public ghostLocked;
    /// What the handler (as a game) holds in its pooled lock on each agent.
    mapping(address => uint256) public ghostPooled;
    /// Calls whose outcome contradicts the rules: a call that should revert succeeded, one
    /// that should succeed reverted, or a payout differed from the ghost books. Counted, not
    /// asserted, because fail_on_revert is off and an assert inside the handler is swallowed.
    uint256 public ghostUnexpected;

    // call counters (reported by invariant_callSummary)
    mapping(bytes32 => uint256) public calls;

    constructor(VouchToken token_, ProtocolParams params_, StakeManager stake_, address[] memory actors_) {
        token = token_;
        params = params_;
        stake = stake_;
        _actors = actors_;
        _treasuries.push(params_.treasury());
    }

    // ---------------------------------------------------------------- actions

    function bond(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 balance = token.balanceOf(a);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.prank(a);
        try stake.bond(amount) {
            ghostDeposited[a] += amount;
            calls["bond"]++;
        } catch {
            ghostUnexpected++;
        }
    }

    /// Asks for up to one token more than is free: the excess must revert.
    function requestUnbond(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 free = stake.freeOf(a);
        amount = _edge(amount, free, stake.bondedOf(a) + 1);
        bool allowed = amount != 0 && amount <= free;
        vm.prank(a);
        try stake.requestUnbond(amount) {
            if (!allowed) ghostUnexpected++;
            calls["requestUnbond"]++;
        } catch {
            if (allowed) ghostUnexpected++;
        }
    }

    /// Also withdraws when nothing is due: that must revert and pay nothing.
    function withdraw(uint256 accountSeed) external {
        _withdraw(_account(accountSeed));
    }

    function _withdraw(address a) internal {
        (uint256 pending, uint256 readyAt) = stake.pendingUnbondOf(a);
        uint256 expected = stake.creditsOf(a) + (pending != 0 && block.timestamp >= readyAt ? pending : 0);
        uint256 before = token.balanceOf(a);
        vm.prank(a);
        try stake.withdraw() returns (uint256 paid) {
            if (paid != expected || token.balanceOf(a) - before != paid || expected == 0) ghostUnexpected++;
            ghostWithdrawn[a] += token.balanceOf(a) - before;
            calls["withdraw"]++;
        } catch {
            if (expected != 0) ghostUnexpected++;
        }
    }

    /// Locks up to one token more than is free: the excess must revert.
    function lock(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 free = stake.freeOf(a);
        amount = _edge(amount, free, stake.bondedOf(a) + 1);
        bool allowed = amount != 0 && amount <= free;
        bytes32 key = bytes32(++_nextKey);
        try stake.lockStake(a, key, amount) {
            if (!allowed) ghostUnexpected++;
            _open.push(OpenLock(a, key, amount));
            ghostLocked[a] += amount;
            calls["lock"]++;
        } catch {
            if (allowed) ghostUnexpected++;
        }
    }

    function unlock(uint256 lockSeed) external {
        if (_open.length == 0) return;
        OpenLock memory l = _take(lockSeed);
        try stake.unlock(l.key) returns (uint256 released) {
            if (released != l.amount) ghostUnexpected++;
            ghostLocked[l.agent] -= l.amount;
            calls["unlock"]++;
        } catch {
            ghostUnexpected++;
        }
    }

    /// Slashes up to one unit more than the lock holds: the excess must revert (and the lock stays open).
    function slash(uint256 lockSeed, uint256 amount, uint256 winnerSeed, uint256 bps) external {
        if (_open.length == 0) return;
        uint256 i = lockSeed % _open.length;
        OpenLock memory l = _open[i];
        amount = _edge(amount, l.amount, l.amount + 1);
        bps = bound(bps, 0, 10_000);
        address winner = _actor(winnerSeed);
        address treasury = params.treasury();
        try stake.slash(l.key, amount, winner, bps) {
            if (amount > l.amount) {
                ghostUnexpected++;
                return;
            }
            _take(i);
            uint256 toTreasury = amount * bps / 10_000;
            ghostLocked[l.agent] -= l.amount;
            ghostSlashed[l.agent] += amount;
            ghostCredited[winner] += amount - toTreasury;
            ghostCredited[treasury] += toTreasury;
            calls["slash"]++;
        } catch {
            if (amount <= l.amount) ghostUnexpected++;
        }
    }

    /// Adds to the handler's pooled lock on an agent, up to one token more than is free.
    function lockPooled(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 free = stake.freeOf(a);
        amount = _edge(amount, free, stake.bondedOf(a) + 1);
        bool allowed = amount != 0 && amount <= free;
        try stake.lockPooled(a, amount) {
            if (!allowed) ghostUnexpected++;
            ghostPooled[a] += amount;
            ghostLocked[a] += amount;
            calls["lockPooled"]++;
        } catch {
            if (allowed) ghostUnexpected++;
        }
    }

    /// Releases part of the pool, up to one unit more than it holds: the excess must revert.
    function unlockPooled(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 pooled = ghostPooled[a];
        amount = _edge(amount, pooled, pooled + 1);
        bool allowed = amount != 0 && amount <= pooled;
        try stake.unlockPooled(a, amount) {
            if (!allowed) ghostUnexpected++;
            ghostPooled[a] -= amount;
            ghostLocked[a] -= amount;
            calls["unlockPooled"]++;
        } catch {
            if (allowed) ghostUnexpected++;
        }
    }

    /// Slashes part of the pool, up to one unit more than it holds: the excess must revert.
    function slashPooled(uint256 actorSeed, uint256 amount, uint256 winnerSeed, uint256 bps) external {
        address a = _actor(actorSeed);
        uint256 pooled = ghostPooled[a];
        amount = _edge(amount, pooled, pooled + 1);
        bool allowed = amount != 0 && amount <= pooled;
        bps = bound(bps, 0, 10_000);
        address winner = _actor(winnerSeed);
        address treasury = params.treasury();
        try stake.slashPooled(a, amount, winner, bps) {
            if (!allowed) {
                ghostUnexpected++;
                return;
            }
            uint256 toTreasury = amount * bps / 10_000;
            ghostPooled[a] -= amount;
            ghostLocked[a] -= amount;
            ghostSlashed[a] += amount;
            ghostCredited[winner] += amount - toTreasury;
            ghostCredited[treasury] += toTreasury;
            calls["slashPooled"]++;
        } catch {
            if (allowed) ghostUnexpected++;
        }
    }

    function warp(uint256 secondsForward) external {
        vm.warp(block.timestamp + bound(secondsForward, 1, 3 days));
        calls["warp"]++;
    }

    /// Lands exactly one second before, or exactly at, an agent's unbond ready time, and
    /// withdraws there: the unbond must stay put at readyAt - 1 and be paid at readyAt.
    function warpToReady(uint256 actorSeed, bool early) external {
        address a = _actor(actorSeed);
        (uint256 pending, uint256 readyAt) = stake.pendingUnbondOf(a);
        if (pending == 0) return;
        uint256 target = early ? readyAt - 1 : readyAt;
        if (target <= block.timestamp) return;
        vm.warp(target);
        calls["warpToReady"]++;
        _withdraw(a);
    }

    function setUnbondingDelay(uint256 delay) external {
        params.setUnbondingDelay(bound(delay, 1 hours, 30 days));
        calls["setUnbondingDelay"]++;
    }

    function rotateTreasury(uint256 seed) external {
        address next = address(uint160(uint256(keccak256(abi.encode("treasury", seed % 3)))));
        if (next == params.treasury()) return;
        params.setTreasury(next);
        bool known;
        for (uint256 i; i < _treasuries.length; i++) {
            if (_treasuries[i] == next) known = true;
        }
        if (!known) _treasuries.push(next);
        calls["rotateTreasury"]++;
    }

    // ---------------------------------------------------------------- views for the invariants

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function treasuries() external view returns (address[] memory) {
        return _treasuries;
    }

    function openLocks() external view returns (OpenLock[] memory) {
        return _open;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Random amounts rarely hit a boundary, so half the time take one exactly:
    /// the limit, one above it, or zero; otherwise anything in [1, max].
    function _edge(uint256 seed, uint256 limit, uint256 max) internal pure returns (uint256) {
        uint256 mode = seed % 6;
        if (mode == 0) return limit;
        if (mode == 1) return limit + 1;
        if (mode == 2) return 0;
        return bound(seed / 6, 1, max);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    /// @dev Any account that can be owed something: actors and every treasury so far.
    function _account(uint256 seed) internal view returns (address) {
        uint256 i = seed % (_actors.length + _treasuries.length);
        return i < _actors.length ? _actors[i] : _treasuries[i - _actors.length];
    }

    function _take(uint256 seed) internal returns (OpenLock memory l) {
        uint256 i = seed % _open.length;
        l = _open[i];
        _open[i] = _open[_open.length - 1];
        _open.pop();
    }
}

contract StakeManagerInvariantTest is Test {
    VouchToken internal token;
    ProtocolParams internal params;
    StakeManager internal stake;
    StakeHandler internal handler;

    uint256 internal constant ACTORS = 5;

    function setUp() public {
        address[] memory actors = new address[](ACTORS);
        for (uint256 i; i < ACTORS; i++) {
            actors[i] = makeAddr(string(abi.encodePacked("agent", vm.toString(i))));
        }
        token = new VouchToken(address(this));
        // The handler owns params and stake so it can authorize itself and move parameters;
        // ownership is set after the handler exists, so deploy with this test as owner first.
        params = new ProtocolParams(address(this), defaultParams(makeAddr("treasury0")));
        stake = new StakeManager(address(this), token, params);
        handler = new StakeHandler(token, params, stake, actors);
        stake.setGame(address(handler), true);
        params.transferOwnership(address(handler));
        vm.prank(address(handler));
        params.acceptOwnership();

        for (uint256 i; i < ACTORS; i++) {
            // Uneven funds, from a few wei to a large holder, so amounts span many magnitudes.
            token.transfer(actors[i], 10 ** (3 + 5 * i));
            vm.prank(actors[i]);
            token.approve(address(stake), type(uint256).max);
        }

        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = StakeHandler.bond.selector;
        selectors[1] = StakeHandler.requestUnbond.selector;
        selectors[2] = StakeHandler.withdraw.selector;
        selectors[3] = StakeHandler.lock.selector;
        selectors[4] = StakeHandler.unlock.selector;
        selectors[5] = StakeHandler.slash.selector;
        selectors[6] = StakeHandler.warp.selector;
        selectors[7] = StakeHandler.setUnbondingDelay.selector;
        selectors[8] = StakeHandler.rotateTreasury.selector;
        selectors[9] = StakeHandler.warpToReady.selector;
        selectors[10] = StakeHandler.lockPooled.selector;
        selectors[11] = StakeHandler.unlockPooled.selector;
        selectors[12] = StakeHandler.slashPooled.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// Tokens are never created or lost: every token is in a known wallet or held by the
    /// StakeManager, and the StakeManager holds exactly what it owes.
    function invariant_tokensConserved() public view {
        address[] memory actors = handler.actors();
        address[] memory treasuries = handler.treasuries();
        uint256 wallets = token.balanceOf(address(this)) + token.balanceOf(address(stake));
        uint256 owed;
        for (uint256 i; i < actors.length; i++) {
            wallets += token.balanceOf(actors[i]);
            owed += _owed(actors[i]);
        }
        for (uint256 i; i < treasuries.length; i++) {
            wallets += token.balanceOf(treasuries[i]);
            owed += _owed(treasuries[i]);
        }
        assertEq(wallets, token.totalSupply(), "sum of balances == total supply");
        assertEq(token.balanceOf(address(stake)), owed, "held == bonded + unbonding + credits");
    }

    /// Locked stake is covered by bonded stake and equals the sum of the agent's open locks
    /// (keyed and pooled); each pool matches what the game locked minus what it released or slashed.
    function invariant_lockedWithinBonded() public view {
        address[] memory actors = handler.actors();
        for (uint256 i; i < actors.length; i++) {
            assertEq(stake.pooledOf(address(handler), actors[i]), handler.ghostPooled(actors[i]), "pool == game's books");
            assertLe(stake.lockedOf(actors[i]), stake.bondedOf(actors[i]), "locked <= bonded");
            assertEq(stake.lockedOf(actors[i]), handler.ghostLocked(actors[i]), "locked == sum of open locks");
            assertEq(stake.freeOf(actors[i]), stake.bondedOf(actors[i]) - stake.lockedOf(actors[i]));
        }
        StakeHandler.OpenLock[] memory open = handler.openLocks();
        for (uint256 i; i < open.length; i++) {
            (address agent, uint256 amount) = stake.lockOf(address(handler), open[i].key);
            assertEq(agent, open[i].agent);
            assertEq(amount, open[i].amount);
        }
    }

    /// Nobody withdraws more than they are owed: for every account, what it took out plus
    /// what it is still owed equals what it put in plus what it won minus what it lost.
    function invariant_nobodyWithdrawsMoreThanOwed() public view {
        assertEq(handler.ghostUnexpected(), 0, "every call succeeded or reverted as the rules say");
        address[] memory actors = handler.actors();
        address[] memory treasuries = handler.treasuries();
        for (uint256 i; i < actors.length + treasuries.length; i++) {
            address a = i < actors.length ? actors[i] : treasuries[i - actors.length];
            uint256 entitled = handler.ghostDeposited(a) + handler.ghostCredited(a) - handler.ghostSlashed(a);
            assertLe(handler.ghostWithdrawn(a), entitled, "withdrawn <= deposited + won - lost");
            assertEq(handler.ghostWithdrawn(a) + _owed(a), entitled, "withdrawn + still owed == entitled");
        }
    }

    function _owed(address a) internal view returns (uint256) {
        (uint256 pending,) = stake.pendingUnbondOf(a);
        return stake.bondedOf(a) + pending + stake.creditsOf(a);
    }
}
