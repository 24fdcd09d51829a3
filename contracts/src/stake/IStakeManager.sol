// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The amount is zero where a positive amount is required.
error StakeZeroAmount();
/// @notice An address argument (winner, game, token, params) is the zero address.
error StakeZeroAddress();
/// @notice `agent` asked to use `requested` tokens of stake but only `free` are bonded and unlocked.
error StakeInsufficientFree(address agent, uint256 requested, uint256 free);
/// @notice `account` has no credits and no matured unbond (`pendingUnbond` matures at `readyAt`).
error StakeNothingToWithdraw(address account, uint256 pendingUnbond, uint256 readyAt);
/// @notice `caller` is not an authorized game contract.
error StakeNotGame(address caller);
/// @notice `game` already holds an open lock under `key`.
error StakeLockExists(address game, bytes32 key);
/// @notice `game` holds no open lock under `key`.
error StakeLockNotFound(address game, bytes32 key);
/// @notice A slash of `amount` exceeds the `locked` amount of the lock (`game`, `key`).
error StakeSlashExceedsLock(address game, bytes32 key, uint256 amount, uint256 locked);
/// @notice A treasury share above 10_000 basis points.
error StakeBpsTooLarge(uint256 bps);
/// @notice Governance may force-unlock only locks of games it has deauthorized.
error StakeGameStillAuthorized(address game);
/// @notice `game` asked to release or slash `amount` of its pooled lock on `agent`, which holds only `pooled`.
error StakePoolInsufficient(address game, address agent, uint256 amount, uint256 pooled);

/// @notice What an agent, a game contract (Tasks/Dispute) and governance call on the
/// StakeManager. A game locks stake in one of two ways, both namespaced by the game's address
/// so games cannot touch each other's locks:
/// - keyed locks: one lock per key of the game's choosing (e.g. a dispute id), remembering
///   the agent and amount (one storage slot per lock);
/// - pooled locks: one running total per (game, agent); the game keeps its own per-claim
///   books and says which agent and how much on release or slash. A claim then costs an
///   update of an existing slot instead of a new one (Tasks locks every claim this way).
interface IStakeManager {
    event Bonded(address indexed agent, uint256 amount);
    event UnbondRequested(address indexed agent, uint256 amount, uint256 pendingTotal, uint256 readyAt);
    event Withdrawn(address indexed account, uint256 credits, uint256 unbonded);
    event StakeLocked(address indexed game, bytes32 indexed key, address indexed agent, uint256 amount);
    event StakeUnlocked(address indexed game, bytes32 indexed key, address indexed agent, uint256 amount);
    event StakeSlashed(
        address indexed game,
        bytes32 indexed key,
        address indexed agent,
        uint256 slashed,
        address winner,
        uint256 winnerAmount,
        address treasury,
        uint256 treasuryAmount
    );
    event PooledStakeLocked(address indexed game, address indexed agent, uint256 amount, uint256 pooled);
    event PooledStakeUnlocked(address indexed game, address indexed agent, uint256 amount, uint256 pooled);
    event PooledStakeSlashed(
        address indexed game,
        address indexed agent,
        uint256 slashed,
        address winner,
        uint256 winnerAmount,
        address treasury,
        uint256 treasuryAmount
    );
    event GameAuthorized(address indexed game);
    event GameDeauthorized(address indexed game);

    // ---------------------------------------------------------------- agents
    function bond(uint256 amount) external;
    function requestUnbond(uint256 amount) external;
    function withdraw() external returns (uint256 paid);

    // ---------------------------------------------------------------- games (Tasks, Dispute)
    function lockStake(address agent, bytes32 key, uint256 amount) external;
    function unlock(bytes32 key) external returns (uint256 amount);
    function slash(bytes32 key, uint256 amount, address winner, uint256 treasuryBps) external;
    function lockPooled(address agent, uint256 amount) external;
    function unlockPooled(address agent, uint256 amount) external;
    function slashPooled(address agent, uint256 amount, address winner, uint256 treasuryBps) external;

    // ---------------------------------------------------------------- views
    function bondedOf(address agent) external view returns (uint256);
    function lockedOf(address agent) external view returns (uint256);
    function freeOf(address agent) external view returns (uint256);
    function pendingUnbondOf(address agent) external view returns (uint256 amount, uint256 readyAt);
    function creditsOf(address account) external view returns (uint256);
    function lockOf(address game, bytes32 key) external view returns (address agent, uint256 amount);
    function pooledOf(address game, address agent) external view returns (uint256);
    function isGame(address game) external view returns (bool);
}
