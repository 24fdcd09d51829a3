// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice `agent` is in the pool already.
error PoolAlreadyMember(address agent);
/// @notice `agent` is not in the pool.
error PoolNotMember(address agent);
/// @notice After this call `agent`'s spare reserve (`spare`) would not back one draw (`needed`:
/// QuorumTasks' memberStake, SamplingCoordinator's verifierBond).
error PoolReserveTooLow(address agent, uint256 spare, uint256 needed);
/// @notice `amount` is zero or more than `agent`'s spare reserve (`spare`: reserved - committed).
error PoolReserveInsufficient(address agent, uint256 amount, uint256 spare);

/// @notice The opt-in staked pool QuorumTasks and SamplingCoordinator draw from (StakedPool).
interface IStakedPool {
    event PoolJoined(address indexed agent, uint256 reserved);
    event PoolLeft(address indexed agent);
    event StakeReserved(address indexed agent, uint256 amount, uint256 reserved);
    event StakeReleased(address indexed agent, uint256 amount, uint256 reserved);
    /// @notice The hash of `oldDrawBlock` was out of reach (older than 256 blocks): the draw waits for `newDrawBlock`.
    event DrawRescheduled(uint256 indexed taskId, uint256 oldDrawBlock, uint256 newDrawBlock);

    function joinPool(uint256 amount) external;
    function leavePool() external;
    function reserveStake(uint256 amount) external;
    function releaseStake(uint256 amount) external;

    function poolSize() external view returns (uint256);
    function poolMember(uint256 index) external view returns (address);
    function inPool(address agent) external view returns (bool);
    function reserveOf(address agent) external view returns (uint256 reserved, uint256 committed);
}
