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

/// @notice What an agent, a game contract (Tasks/Dispute) and governance call on the
/// StakeManager. A game locks stake behind each claim under a key of its choosing (e.g. the
/// task id); keys are namespaced by the game's address, so games cannot touch each other's locks.
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

    // ---------------------------------------------------------------- views
    function bondedOf(address agent) external view returns (uint256);
    function lockedOf(address agent) external view returns (uint256);
    function freeOf(address agent) external view returns (uint256);
    function pendingUnbondOf(address agent) external view returns (uint256 amount, uint256 readyAt);
    function creditsOf(address account) external view returns (uint256);
    function lockOf(address game, bytes32 key) external view returns (address agent, uint256 amount);
    function isGame(address game) external view returns (bool);
}
