// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";
import {
    IStakeManager,
    StakeZeroAmount,
    StakeZeroAddress,
    StakeInsufficientFree,
    StakeNothingToWithdraw,
    StakeNotGame,
    StakeLockExists,
    StakeLockNotFound,
    StakeSlashExceedsLock,
    StakeBpsTooLarge,
    StakeGameStillAuthorized,
    StakePoolInsufficient
} from "./IStakeManager.sol";

/// @title StakeManager
/// @notice Holds agents' bonded VouchToken. Authorized game contracts (Tasks, Dispute) lock
/// stake behind claims, unlock it when a claim is final, and slash it when a dispute proves
/// the agent wrong. Slashed tokens and matured unbonds are paid by pull: they are credited,
/// then the owner of the credit calls `withdraw`. The owner (the TimelockController) only
/// authorizes games and releases locks of games it has deauthorized.
/// @dev Accounting, for every agent a and in total:
///   bonded(a) = free(a) + locked(a),  locked(a) = sum of a's open locks,
///   token.balanceOf(this) = sum(bonded) + sum(pending unbond) + sum(credits).
/// Only locked stake can be slashed; an unbond request moves free stake out of reach of new
/// locks at once, so a game must lock when it accepts a claim, not later.
/// The token must be a plain ERC-20 (VouchToken: no fee on transfer, no hooks); all
/// amounts fit in uint96 because VouchToken's fixed supply (1e27) is below 2^96.
///
/// Account layout (2 slots):
/// | slot | bits     | field         |
/// | ---- | -------- | ------------- |
/// | 0    | 0..127   | bonded        |
/// | 0    | 128..255 | locked        |
/// | 1    | 0..127   | unbonding     |
/// | 1    | 128..191 | unbondReadyAt |
/// Lock layout (1 slot): agent (160 bits) | amount (96 bits). A pooled lock is one slot per
/// (game, agent): bit 255 set once used, the amount below; locked(a) = sum of a's keyed
/// locks + sum over games of a's pools.
contract StakeManager is IStakeManager, Ownable2Step {
    using SafeERC20 for IERC20;

    struct Account {
        uint128 bonded;
        uint128 locked;
        uint128 unbonding;
        uint64 unbondReadyAt;
    }

    struct Lock {
        address agent;
        uint96 amount;
    }

    uint256 private constant _BPS = 10_000;
    /// Set in a pool slot once used, so an emptied pool stays a non-zero slot: the next lock
    /// of a busy agent then rewrites it (5,000 gas) instead of creating it again (22,100).
    uint256 private constant _POOL_USED = 1 << 255;

    IERC20 private immutable _token;
    IProtocolParams private immutable _params;

    mapping(address agent => Account) private _accounts;
    mapping(address account => uint256) private _credits;
    /// Keyed by keccak256(abi.encode(game, key)).
    mapping(bytes32 lockId => Lock) private _locks;
    mapping(address game => bool) private _games;
    mapping(address game => mapping(address agent => uint256)) private _pools;

    constructor(address initialOwner, IERC20 token_, IProtocolParams params_) Ownable(initialOwner) {
        // INVARIANT: The stake token and the parameter source are real contracts' addresses.
        if (address(token_) == address(0) || address(params_) == address(0)) revert StakeZeroAddress();
        _token = token_;
        _params = params_;
    }

    // ================================================================ agents

    /// @notice Moves `amount` tokens from the caller (approve or permit first) into its stake.
    function bond(uint256 amount) external {
        // INVARIANT: A bond adds stake.
        if (amount == 0) revert StakeZeroAmount();
        _token.safeTransferFrom(msg.sender, address(this), amount);
        Account storage account = _accounts[msg.sender];
        account.bonded += SafeCast.toUint128(amount);
        emit Bonded(msg.sender, amount);
    }

    /// @notice Starts unbonding `amount` of the caller's free stake; it can be withdrawn after
    /// the unbonding delay. A new request adds to the pending amount and moves the ready time
    /// to now + delay (never earlier than an older request's ready time).
    function requestUnbond(uint256 amount) external {
        // INVARIANT: An unbond request moves a positive amount.
        if (amount == 0) revert StakeZeroAmount();
        Account storage account = _accounts[msg.sender];
        uint256 free = _free(account);
        // INVARIANT: Locked stake cannot leave: only free stake can unbond.
        if (amount > free) revert StakeInsufficientFree(msg.sender, amount, free);
        uint256 readyAt = block.timestamp + _params.unbondingDelay();
        if (readyAt < account.unbondReadyAt) readyAt = account.unbondReadyAt;
        // amount <= free <= bonded, so it fits in uint128 and bonded cannot underflow.
        // forge-lint: disable-next-line(unsafe-typecast)
        account.bonded -= uint128(amount);
        // forge-lint: disable-next-line(unsafe-typecast)
        account.unbonding += uint128(amount);
        account.unbondReadyAt = SafeCast.toUint64(readyAt);
        emit UnbondRequested(msg.sender, amount, account.unbonding, readyAt);
    }

    /// @notice Pays the caller its credits (slash winnings, treasury share) plus its pending
    /// unbond if the unbonding delay has passed, in one transfer.
    function withdraw() external returns (uint256 paid) {
        Account storage account = _accounts[msg.sender];
        uint256 credits = _credits[msg.sender];
        uint256 unbonded;
        // Delays are hours to days; a validator's few seconds of timestamp drift do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (account.unbonding != 0 && block.timestamp >= account.unbondReadyAt) unbonded = account.unbonding;
        // INVARIANT: A withdrawal pays something owed to the caller.
        if (credits == 0 && unbonded == 0) {
            revert StakeNothingToWithdraw(msg.sender, account.unbonding, account.unbondReadyAt);
        }
        if (credits != 0) _credits[msg.sender] = 0;
        if (unbonded != 0) {
            account.unbonding = 0;
            account.unbondReadyAt = 0;
        }
        // credits + unbonded <= token.balanceOf(this) <= totalSupply: no overflow.
        unchecked {
            paid = credits + unbonded;
        }
        emit Withdrawn(msg.sender, credits, unbonded);
        _token.safeTransfer(msg.sender, paid);
    }

    // ================================================================ games

    /// @notice Locks `amount` of `agent`'s free stake behind the caller's claim `key`.
    function lockStake(address agent, bytes32 key, uint256 amount) external {
        // INVARIANT: Only an authorized game can lock stake.
        if (!_games[msg.sender]) revert StakeNotGame(msg.sender);
        // INVARIANT: A lock holds a positive amount (a zero amount marks "no lock").
        if (amount == 0) revert StakeZeroAmount();
        bytes32 lockId = _lockId(msg.sender, key);
        Lock storage lock = _locks[lockId];
        // INVARIANT: A key names at most one open lock per game.
        if (lock.amount != 0) revert StakeLockExists(msg.sender, key);
        Account storage account = _accounts[agent];
        uint256 free = _free(account);
        // INVARIANT: Locked stake never exceeds bonded stake.
        if (amount > free) revert StakeInsufficientFree(agent, amount, free);
        // amount <= free < 2^128; the sum of an agent's locks <= bonded, so locked cannot overflow.
        // forge-lint: disable-next-line(unsafe-typecast)
        account.locked += uint128(amount);
        _locks[lockId] = Lock({agent: agent, amount: SafeCast.toUint96(amount)});
        emit StakeLocked(msg.sender, key, agent, amount);
    }

    /// @notice Releases the caller's lock `key` back to the agent's free stake. A game that
    /// governance has deauthorized can still unlock: releasing never hurts an agent.
    function unlock(bytes32 key) external returns (uint256 amount) {
        amount = _release(msg.sender, key);
    }

    /// @notice Slashes `amount` of the caller's lock `key` and closes the lock: the rest of
    /// the lock returns to the agent's free stake; `treasuryBps` of `amount` (rounded down) is
    /// credited to the treasury and the remainder to `winner`. The game passes `treasuryBps`
    /// from the parameters it snapshotted when the dispute opened.
    function slash(bytes32 key, uint256 amount, address winner, uint256 treasuryBps) external {
        // INVARIANT: Only a currently authorized game can slash.
        if (!_games[msg.sender]) revert StakeNotGame(msg.sender);
        // INVARIANT: Slashed stake is credited to someone who can withdraw it.
        if (winner == address(0)) revert StakeZeroAddress();
        // INVARIANT: The treasury share is at most the whole slash.
        if (treasuryBps > _BPS) revert StakeBpsTooLarge(treasuryBps);
        bytes32 lockId = _lockId(msg.sender, key);
        Lock memory lock = _locks[lockId];
        // INVARIANT: Only an open lock can be slashed.
        if (lock.amount == 0) revert StakeLockNotFound(msg.sender, key);
        // INVARIANT: A slash takes at most what the lock holds.
        if (amount > lock.amount) revert StakeSlashExceedsLock(msg.sender, key, amount, lock.amount);

        delete _locks[lockId];
        Account storage account = _accounts[lock.agent];
        // lock.amount <= locked and amount <= lock.amount <= bonded (locked <= bonded holds),
        // so neither subtraction can underflow and both fit in uint128.
        unchecked {
            account.locked -= uint128(lock.amount);
            // forge-lint: disable-next-line(unsafe-typecast)
            account.bonded -= uint128(amount);
        }
        (uint256 winnerAmount, address treasury, uint256 treasuryAmount) = _payOut(amount, winner, treasuryBps);
        emit StakeSlashed(msg.sender, key, lock.agent, amount, winner, winnerAmount, treasury, treasuryAmount);
    }

    /// @notice Adds `amount` of `agent`'s free stake to the caller's pooled lock on the agent.
    /// The game remembers what each of its claims locked; the StakeManager keeps the total.
    function lockPooled(address agent, uint256 amount) external {
        // INVARIANT: Only an authorized game can lock stake.
        if (!_games[msg.sender]) revert StakeNotGame(msg.sender);
        // INVARIANT: A lock holds a positive amount.
        if (amount == 0) revert StakeZeroAmount();
        Account storage account = _accounts[agent];
        uint256 free = _free(account);
        // INVARIANT: Locked stake never exceeds bonded stake.
        if (amount > free) revert StakeInsufficientFree(agent, amount, free);
        uint256 pooled;
        // amount <= free < 2^128; a pool is part of locked <= bonded < 2^128: no overflow.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            account.locked += uint128(amount);
            pooled = _pooled(msg.sender, agent) + amount;
        }
        _pools[msg.sender][agent] = pooled | _POOL_USED;
        emit PooledStakeLocked(msg.sender, agent, amount, pooled);
    }

    /// @notice Releases `amount` of the caller's pooled lock on `agent` back to its free
    /// stake. Like `unlock`, allowed after the game is deauthorized.
    function unlockPooled(address agent, uint256 amount) external {
        _releasePooled(msg.sender, agent, amount);
    }

    /// @notice Takes `amount` out of the caller's pooled lock on `agent` and slashes all of
    /// it: `treasuryBps` of it (rounded down) to the treasury, the rest to `winner`.
    function slashPooled(address agent, uint256 amount, address winner, uint256 treasuryBps) external {
        // INVARIANT: Only a currently authorized game can slash.
        if (!_games[msg.sender]) revert StakeNotGame(msg.sender);
        // INVARIANT: Slashed stake is credited to someone who can withdraw it.
        if (winner == address(0)) revert StakeZeroAddress();
        // INVARIANT: The treasury share is at most the whole slash.
        if (treasuryBps > _BPS) revert StakeBpsTooLarge(treasuryBps);
        // INVARIANT: A slash moves a positive amount.
        if (amount == 0) revert StakeZeroAmount();
        uint256 pooled = _pooled(msg.sender, agent);
        // INVARIANT: A game slashes at most what it locked on the agent.
        if (amount > pooled) revert StakePoolInsufficient(msg.sender, agent, amount, pooled);
        Account storage account = _accounts[agent];
        // amount <= pooled <= locked <= bonded, all below 2^128: no underflow, casts fit.
        unchecked {
            _pools[msg.sender][agent] = (pooled - amount) | _POOL_USED;
            // forge-lint: disable-next-line(unsafe-typecast)
            account.locked -= uint128(amount);
            // forge-lint: disable-next-line(unsafe-typecast)
            account.bonded -= uint128(amount);
        }
        (uint256 winnerAmount, address treasury, uint256 treasuryAmount) = _payOut(amount, winner, treasuryBps);
        emit PooledStakeSlashed(msg.sender, agent, amount, winner, winnerAmount, treasury, treasuryAmount);
    }

    // ================================================================ governance (owner = timelock)

    /// @notice Authorizes (or deauthorizes) a game contract to lock and slash stake.
    function setGame(address game, bool authorized) external onlyOwner {
        // INVARIANT: A game is a real address.
        if (game == address(0)) revert StakeZeroAddress();
        _games[game] = authorized;
        if (authorized) emit GameAuthorized(game);
        else emit GameDeauthorized(game);
    }

    /// @notice Releases a lock held by a game governance has deauthorized (a broken game must
    /// not freeze stake forever). Locks of authorized games are theirs alone.
    function forceUnlock(address game, bytes32 key) external onlyOwner returns (uint256 amount) {
        // INVARIANT: Governance cannot release locks a live game still relies on.
        if (_games[game]) revert StakeGameStillAuthorized(game);
        amount = _release(game, key);
    }

    /// @notice Releases the whole pooled lock a *deauthorized* game holds on `agent`.
    function forceUnlockPooled(address game, address agent) external onlyOwner returns (uint256 amount) {
        // INVARIANT: Governance cannot release locks a live game still relies on.
        if (_games[game]) revert StakeGameStillAuthorized(game);
        amount = _pooled(game, agent);
        _releasePooled(game, agent, amount);
    }

    // ================================================================ views

    function token() external view returns (IERC20) {
        return _token;
    }

    function protocolParams() external view returns (IProtocolParams) {
        return _params;
    }

    function bondedOf(address agent) external view returns (uint256) {
        return _accounts[agent].bonded;
    }

    function lockedOf(address agent) external view returns (uint256) {
        return _accounts[agent].locked;
    }

    function freeOf(address agent) external view returns (uint256) {
        return _free(_accounts[agent]);
    }

    function pendingUnbondOf(address agent) external view returns (uint256 amount, uint256 readyAt) {
        Account storage account = _accounts[agent];
        return (account.unbonding, account.unbondReadyAt);
    }

    function creditsOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    function lockOf(address game, bytes32 key) external view returns (address agent, uint256 amount) {
        Lock memory lock = _locks[_lockId(game, key)];
        return (lock.agent, lock.amount);
    }

    function pooledOf(address game, address agent) external view returns (uint256) {
        return _pooled(game, agent);
    }

    function isGame(address game) external view returns (bool) {
        return _games[game];
    }

    // ================================================================ internal

    function _release(address game, bytes32 key) private returns (uint256 amount) {
        bytes32 lockId = _lockId(game, key);
        Lock memory lock = _locks[lockId];
        // INVARIANT: Only an open lock can be released.
        if (lock.amount == 0) revert StakeLockNotFound(game, key);
        delete _locks[lockId];
        // lock.amount is part of the agent's locked total, so this cannot underflow.
        unchecked {
            _accounts[lock.agent].locked -= uint128(lock.amount);
        }
        amount = lock.amount;
        emit StakeUnlocked(game, key, lock.agent, amount);
    }

    function _releasePooled(address game, address agent, uint256 amount) private {
        // INVARIANT: A release moves a positive amount.
        if (amount == 0) revert StakeZeroAmount();
        uint256 pooled = _pooled(game, agent);
        // INVARIANT: A game releases at most what it locked on the agent.
        if (amount > pooled) revert StakePoolInsufficient(game, agent, amount, pooled);
        // amount <= pooled <= locked < 2^128: no underflow, the cast fits.
        unchecked {
            pooled -= amount;
            // forge-lint: disable-next-line(unsafe-typecast)
            _accounts[agent].locked -= uint128(amount);
        }
        _pools[game][agent] = pooled | _POOL_USED;
        emit PooledStakeUnlocked(game, agent, amount, pooled);
    }

    function _pooled(address game, address agent) private view returns (uint256) {
        return _pools[game][agent] & ~_POOL_USED;
    }

    /// @dev Credits a slash of `amount`: `treasuryBps` of it to the current treasury, the rest to `winner`.
    function _payOut(uint256 amount, address winner, uint256 treasuryBps)
        private
        returns (uint256 winnerAmount, address treasury, uint256 treasuryAmount)
    {
        treasury = _params.treasury();
        // amount < 2^128 and treasuryBps <= 10_000, so the product fits; treasuryAmount <= amount.
        unchecked {
            treasuryAmount = amount * treasuryBps / _BPS;
            winnerAmount = amount - treasuryAmount;
        }
        _credits[winner] += winnerAmount;
        _credits[treasury] += treasuryAmount;
    }

    function _free(Account storage account) private view returns (uint256) {
        // locked <= bonded always holds (checked in lockStake), so no underflow.
        unchecked {
            return uint256(account.bonded) - account.locked;
        }
    }

    function _lockId(address game, bytes32 key) private pure returns (bytes32) {
        return keccak256(abi.encode(game, key));
    }
}
