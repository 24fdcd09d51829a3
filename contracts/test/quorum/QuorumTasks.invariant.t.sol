// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {QuorumFixture} from "./utils/QuorumFixture.sol";
import {VouchToken} from "../../src/token/VouchToken.sol";
import {StakeManager} from "../../src/stake/StakeManager.sol";
import {QuorumTasks} from "../../src/quorum/QuorumTasks.sol";
import {QuorumStatus, QuorumState, QuorumTask, SeatPhase} from "../../src/quorum/IQuorumTasks.sol";

/// @dev Drives random quorum tasks: requesters create tasks of 1, 3 or 5 seats, anyone draws,
/// each seat behaves honestly (result A), deviates (B), commits and stays silent or never
/// commits; tasks settle; members join, leave, release stake and withdraw. Ghost books count
/// what the contracts must hold and every outcome that contradicts the rules.
contract QuorumHandler is Test {
    VouchToken public immutable token;
    StakeManager public immutable stake;
    QuorumTasks public immutable quorum;
    address public immutable treasury;
    bytes32 public immutable canonId;

    address[] internal _members;
    address[] internal _requesters;
    uint256[] internal _open;

    bytes32 internal constant A = keccak256("honest");
    bytes32 internal constant B = keccak256("deviant");

    /// Outcomes that contradict the rules (asserted zero).
    uint256 public ghostUnexpected;
    /// Tasks settled with an honest strict majority that did not finalize on A, or the reverse.
    uint256 public ghostWrongOutcome;
    mapping(bytes32 => uint256) public calls;
    /// taskId => seat => intended behaviour (0 honest, 1 deviant, 2 commit then silent, 3 silent).
    mapping(uint256 => mapping(uint256 => uint256)) internal _plan;

    constructor(
        VouchToken token_,
        StakeManager stake_,
        QuorumTasks quorum_,
        address treasury_,
        bytes32 canonId_,
        address[] memory members_,
        address[] memory requesters_
    ) {
        token = token_;
        stake = stake_;
        quorum = quorum_;
        treasury = treasury_;
        canonId = canonId_;
        _members = members_;
        _requesters = requesters_;
    }

    function create(uint256 requesterSeed, uint256 sizeSeed, uint256 fee) external {
        address r = _requesters[requesterSeed % _requesters.length];
        uint256 size = 2 * (sizeSeed % 3) + 1;
        fee = bound(fee, 1, 50e18);
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = keccak256(abi.encode(fee, sizeSeed));
        vm.prank(r);
        try quorum.createTask(canonId, inputs, fee, size, "") returns (uint256 id) {
            _open.push(id);
            calls["create"]++;
        } catch {
            ghostUnexpected++;
        }
    }

    function drawOne(uint256 taskSeed, bytes32 hash) external {
        if (_open.length == 0) return;
        uint256 id = _open[taskSeed % _open.length];
        if (quorum.taskOf(id).status != QuorumStatus.Drawing) return;
        uint256 drawBlock = quorum.taskOf(id).drawBlock;
        if (block.number <= drawBlock) vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, hash == bytes32(0) ? keccak256("h") : hash);
        try quorum.drawCommittee(id) {
            calls["draw"]++;
        } catch {
            ghostUnexpected++;
        }
    }

    /// Every seat of an Active task in its commit phase acts on its planned behaviour.
    function commitAll(uint256 taskSeed, uint256 behaviourSeed) external {
        if (_open.length == 0) return;
        uint256 id = _open[taskSeed % _open.length];
        if (quorum.state(id) != QuorumState.Commit) return;
        address[] memory m = quorum.committeeOf(id);
        for (uint256 i; i < m.length; ++i) {
            (, SeatPhase phase,) = quorum.seatOf(id, i);
            if (phase != SeatPhase.Drawn) continue;
            uint256 plan = uint256(keccak256(abi.encode(behaviourSeed, i))) % 8;
            // Mostly honest: 0-4 honest, 5 deviant, 6 commit then silent, 7 silent.
            plan = plan < 5 ? 0 : plan - 4;
            _plan[id][i] = plan;
            if (plan == 3) continue;
            bytes32 result = plan == 1 ? B : A;
            vm.prank(m[i]);
            try quorum.commit(id, i, keccak256(abi.encode(result, bytes32(i), m[i]))) {} catch { ghostUnexpected++; }
        }
        calls["commitAll"]++;
    }

    function revealAndSettle(uint256 taskSeed) external {
        if (_open.length == 0) return;
        uint256 index = taskSeed % _open.length;
        uint256 id = _open[index];
        QuorumTask memory t = quorum.taskOf(id);
        if (t.status != QuorumStatus.Active) return;
        if (block.timestamp <= t.commitDeadline && t.committed < t.size) vm.warp(uint256(t.commitDeadline) + 1);
        address[] memory m = quorum.committeeOf(id);
        uint256 honest;
        for (uint256 i; i < m.length; ++i) {
            (, SeatPhase phase,) = quorum.seatOf(id, i);
            uint256 plan = _plan[id][i];
            // Time may already be past this task's reveal window (another task's warp).
            if (phase != SeatPhase.Committed || plan >= 2 || quorum.state(id) != QuorumState.Reveal) continue;
            vm.prank(m[i]);
            try quorum.reveal(id, i, plan == 1 ? B : A, bytes32(i)) {
                if (plan == 0) ++honest;
            } catch {
                ghostUnexpected++;
            }
        }
        if (quorum.state(id) != QuorumState.Settleable) vm.warp(uint256(t.revealDeadline) + 1);
        try quorum.settle(id) {
            QuorumTask memory after_ = quorum.taskOf(id);
            bool honestMajority = honest * 2 > t.size;
            if (honestMajority != (after_.status == QuorumStatus.Finalized && after_.result == A)) ghostWrongOutcome++;
            calls["settle"]++;
        } catch {
            ghostUnexpected++;
        }
    }

    function withdrawAll(uint256 actorSeed) external {
        address a = actorSeed % 3 == 0 ? treasury : _members[actorSeed % _members.length];
        if (quorum.creditsOf(a) != 0) {
            vm.prank(a);
            quorum.withdraw();
        }
        if (stake.creditsOf(a) != 0) {
            vm.prank(a);
            stake.withdraw();
        }
        calls["withdraw"]++;
    }

    function leaveOrJoin(uint256 memberSeed) external {
        address a = _members[memberSeed % _members.length];
        if (quorum.inPool(a)) {
            vm.prank(a);
            try quorum.leavePool() {} catch { ghostUnexpected++; }
        } else {
            (uint256 reserved, uint256 committed) = quorum.reserveOf(a);
            uint256 need = uint256(quorum.params().memberStake) * 2;
            uint256 add = reserved - committed >= need ? 0 : need - (reserved - committed);
            if (add > stake.freeOf(a)) return;
            vm.prank(a);
            try quorum.joinPool(add) {} catch { ghostUnexpected++; }
        }
        calls["leaveOrJoin"]++;
    }

    // ---------------------------------------------------------------- views for the invariants

    function members() external view returns (address[] memory) {
        return _members;
    }

    function requesters() external view returns (address[] memory) {
        return _requesters;
    }

    /// Fees still escrowed: tasks drawing or active.
    function escrowed() external view returns (uint256 sum) {
        for (uint256 i; i < _open.length; ++i) {
            QuorumTask memory t = quorum.taskOf(_open[i]);
            if (t.status == QuorumStatus.Drawing || t.status == QuorumStatus.Active) sum += t.fee;
        }
    }

    /// memberStake x the open seats of `m` (Active tasks), from the tasks' own snapshots.
    function openSeatStake(address m) external view returns (uint256 sum) {
        for (uint256 i; i < _open.length; ++i) {
            QuorumTask memory t = quorum.taskOf(_open[i]);
            if (t.status != QuorumStatus.Active) continue;
            for (uint256 s; s < t.size; ++s) {
                (address member,,) = quorum.seatOf(_open[i], s);
                if (member == m) sum += t.params.memberStake;
            }
        }
    }
}

contract QuorumTasksInvariantTest is QuorumFixture {
    QuorumHandler internal handler;
    address[] internal requesters;

    function setUp() public {
        setUpQuorum(7);
        requesters.push(requester);
        address second = makeAddr("requester2");
        require(token.transfer(second, 10_000e18), "fund");
        vm.prank(second);
        token.approve(address(quorum), type(uint256).max);
        requesters.push(second);
        handler = new QuorumHandler(token, stake, quorum, treasury, canonId, pool, requesters);
        targetContract(address(handler));
    }

    /// Tokens are conserved: QuorumTasks holds exactly the escrowed fees plus every credit it
    /// owes, and the supply sits in known wallets and contracts.
    function invariant_tokensConserved() public view {
        uint256 owed = handler.escrowed() + quorum.creditsOf(treasury);
        for (uint256 i; i < pool.length; ++i) owed += quorum.creditsOf(pool[i]);
        for (uint256 i; i < requesters.length; ++i) owed += quorum.creditsOf(requesters[i]);
        assertEq(token.balanceOf(address(quorum)), owed, "QuorumTasks holds fees + credits");
        uint256 sum = token.balanceOf(address(this)) + token.balanceOf(worker) + token.balanceOf(challenger)
            + token.balanceOf(treasury) + token.balanceOf(address(stake)) + token.balanceOf(address(tasks))
            + token.balanceOf(address(quorum));
        for (uint256 i; i < pool.length; ++i) sum += token.balanceOf(pool[i]);
        for (uint256 i; i < requesters.length; ++i) sum += token.balanceOf(requesters[i]);
        assertEq(sum, token.totalSupply(), "supply conserved");
    }

    /// Stake books: the StakeManager pool on each member equals its reserve here; the committed
    /// part is exactly the stake of its open seats and never exceeds the reserve.
    function invariant_stakeBooks() public view {
        for (uint256 i; i < pool.length; ++i) {
            (uint256 reserved, uint256 committed) = quorum.reserveOf(pool[i]);
            assertEq(stake.pooledOf(address(quorum), pool[i]), reserved, "pool == reserve");
            assertLe(committed, reserved);
            assertEq(committed, handler.openSeatStake(pool[i]), "committed == open seats");
        }
    }

    /// Every call that should succeed did, and an honest strict majority always wins.
    function invariant_rulesHold() public view {
        assertEq(handler.ghostUnexpected(), 0, "unexpected reverts");
        assertEq(handler.ghostWrongOutcome(), 0, "honest majority decides");
    }
}
