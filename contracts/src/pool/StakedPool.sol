// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStakeManager} from "../stake/IStakeManager.sol";
import {
    IStakedPool,
    PoolAlreadyMember,
    PoolNotMember,
    PoolReserveTooLow,
    PoolReserveInsufficient
} from "./IStakedPool.sol";

/// @title StakedPool
/// @notice The opt-in pool of staked agents QuorumTasks seats committees from and
/// SamplingCoordinator draws verifiers from (docs/quorum.md). An agent reserves stake here (a
/// pooled StakeManager lock held by the inheriting contract); each draw commits part of the
/// spare reserve until the inheriting contract settles it, so a draw never calls the
/// StakeManager and an agent cannot unbond stake behind an open draw.
/// @dev What an inheriting contract supplies: `_minJoinReserve` (the spare reserve an agent
/// needs to join: one seat, one bond) and, per draw, the parties that may not be drawn (the
/// requester, a sample's worker) and the stake the draw commits (the task's snapshot). Draws
/// are seeded with the hash of a block that did not exist when the task was created
/// (`_drawSeed`), and are uniform over the eligible members (`_pick`).
abstract contract StakedPool is IStakedPool {
    /// Ineligible candidates (a party of the task, too little spare reserve) a draw may pass
    /// over before it gives up: bounds the draw's gas whatever the pool holds.
    uint256 public constant MAX_DRAW_SKIPS = 64;

    /// @dev An agent's reserve: `reserved` is locked in the StakeManager for this contract,
    /// `committed` of it backs open draws. One slot.
    struct Reserve {
        uint128 reserved;
        uint128 committed;
    }

    IStakeManager internal immutable _stake;

    address[] private _pool;
    /// agent => index in _pool + 1 (0: not in the pool).
    mapping(address agent => uint256) private _poolIndex;
    mapping(address agent => Reserve) private _reserves;

    constructor(IStakeManager stake_) {
        _stake = stake_;
    }

    // ================================================================ pool and stake

    /// @notice Joins the pool, adding `amount` (may be 0) to the caller's reserve.
    function joinPool(uint256 amount) external {
        // INVARIANT: An agent is in the pool at most once (draws are uniform over agents).
        if (_poolIndex[msg.sender] != 0) revert PoolAlreadyMember(msg.sender);
        if (amount != 0) _reserve(amount);
        Reserve storage res = _reserves[msg.sender];
        uint256 spare = res.reserved - res.committed;
        uint256 needed = _minJoinReserve();
        // INVARIANT: A pool member can back at least one draw (a seat, an assignment) now.
        if (spare < needed) revert PoolReserveTooLow(msg.sender, spare, needed);
        _pool.push(msg.sender);
        _poolIndex[msg.sender] = _pool.length;
        emit PoolJoined(msg.sender, res.reserved);
    }

    /// @notice Leaves the pool (no new draws) and releases the spare reserve; stake behind open
    /// draws stays committed until they settle (then `releaseStake`).
    function leavePool() external {
        uint256 index = _poolIndex[msg.sender];
        // INVARIANT: Only a pool member leaves.
        if (index == 0) revert PoolNotMember(msg.sender);
        address last = _pool[_pool.length - 1];
        _pool[index - 1] = last;
        _poolIndex[last] = index;
        _pool.pop();
        delete _poolIndex[msg.sender];
        emit PoolLeft(msg.sender);
        Reserve storage res = _reserves[msg.sender];
        uint256 spare = res.reserved - res.committed;
        if (spare != 0) _release(res, spare);
    }

    /// @notice Locks `amount` more of the caller's free stake for future draws.
    function reserveStake(uint256 amount) external {
        _reserve(amount);
    }

    /// @notice Releases `amount` of the caller's reserve that no open draw uses.
    function releaseStake(uint256 amount) external {
        Reserve storage res = _reserves[msg.sender];
        uint256 spare = res.reserved - res.committed;
        // INVARIANT: Stake behind an open draw (a seat, an assignment) stays locked until it settles.
        if (amount == 0 || amount > spare) revert PoolReserveInsufficient(msg.sender, amount, spare);
        _release(res, amount);
    }

    // ================================================================ views

    function poolSize() public view returns (uint256) {
        return _pool.length;
    }

    function poolMember(uint256 index) external view returns (address) {
        return _pool[index];
    }

    function inPool(address agent) external view returns (bool) {
        return _poolIndex[agent] != 0;
    }

    function reserveOf(address agent) external view returns (uint256 reserved, uint256 committed) {
        Reserve storage res = _reserves[agent];
        return (res.reserved, res.committed);
    }

    // ================================================================ for the inheriting contract

    /// @dev The spare reserve an agent needs to join (the current parameter, not a snapshot).
    function _minJoinReserve() internal view virtual returns (uint256);

    /// @dev The seed of task `id`'s draw: keccak256(abi.encode(blockhash(drawBlock), this, id)).
    /// Zero when that hash is out of reach (older than 256 blocks): the draw then waits for
    /// `next` = block.number + drawDelay (DrawRescheduled), which the caller stores, rather than
    /// use a value the caller can see before choosing to call.
    function _drawSeed(uint256 id, uint256 drawBlock, uint256 drawDelay) internal returns (bytes32 seed, uint64 next) {
        bytes32 hash = blockhash(drawBlock);
        if (hash == bytes32(0)) {
            // drawDelay <= 64 and block numbers fit 64 bits for the chain's lifetime.
            // forge-lint: disable-next-line(unsafe-typecast)
            next = uint64(block.number + drawDelay);
            emit DrawRescheduled(id, drawBlock, next);
            return (bytes32(0), next);
        }
        seed = keccak256(abi.encode(hash, address(this), id));
    }

    /// @dev The first `size` eligible members of a seed-driven random permutation of the pool
    /// (Fisher-Yates, swaps kept in memory): a uniformly random `size`-subset of the eligible
    /// members. Eligible: neither `partyA` nor `partyB` (the task's parties: its requester, a
    /// sample's worker; address(0) for none) and spare reserve >= `needed`. Empty when the pool
    /// has too few eligible members within MAX_DRAW_SKIPS skips.
    function _pick(bytes32 seed, uint256 size, address partyA, address partyB, uint256 needed)
        internal
        view
        returns (address[] memory members)
    {
        uint256 n = _pool.length;
        if (n < size) return members;
        members = new address[](size);
        uint256 steps = size + MAX_DRAW_SKIPS < n ? size + MAX_DRAW_SKIPS : n;
        // Swapped positions of the virtual permutation: swapKeys[k] now holds swapVals[k].
        uint256[] memory swapKeys = new uint256[](steps);
        address[] memory swapVals = new address[](steps);
        uint256 swaps;
        uint256 found;
        for (uint256 i; i < steps && found < size; ++i) {
            uint256 j = i + uint256(keccak256(abi.encode(seed, i))) % (n - i);
            address candidate = _at(swapKeys, swapVals, swaps, j);
            // Position j now holds what position i held (i is never read again).
            swapKeys[swaps] = j;
            swapVals[swaps] = _at(swapKeys, swapVals, swaps, i);
            ++swaps;
            if (candidate == partyA || candidate == partyB) continue;
            Reserve storage res = _reserves[candidate];
            if (res.reserved - res.committed < needed) continue;
            members[found++] = candidate;
        }
        if (found < size) members = new address[](0);
    }

    /// @dev A drawn agent backs its draw with `amount` of its spare reserve.
    function _commit(address agent, uint256 amount) internal {
        // _pick checked spare >= amount: committed + amount <= reserved < 2^128.
        // forge-lint: disable-next-line(unsafe-typecast)
        _reserves[agent].committed += uint128(amount);
    }

    /// @dev The draw is settled in the agent's favour: `amount` is spare again.
    function _uncommit(address agent, uint256 amount) internal {
        // The draw committed `amount` of this reserve.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            _reserves[agent].committed -= uint128(amount);
        }
    }

    /// @dev The draw is settled against the agent: `amount` leaves its reserve (the caller then
    /// slashes it in the StakeManager with slashPooled).
    function _forfeit(address agent, uint256 amount) internal {
        Reserve storage res = _reserves[agent];
        // The draw committed `amount` of this reserve: committed, reserved >= amount.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            res.committed -= uint128(amount);
            // forge-lint: disable-next-line(unsafe-typecast)
            res.reserved -= uint128(amount);
        }
    }

    // ================================================================ private

    /// @dev Position `index` of the virtual permutation (the latest swap wins).
    function _at(uint256[] memory keys, address[] memory vals, uint256 count, uint256 index)
        private
        view
        returns (address)
    {
        for (uint256 k = count; k != 0; --k) {
            if (keys[k - 1] == index) return vals[k - 1];
        }
        return _pool[index];
    }

    function _reserve(uint256 amount) private {
        Reserve storage res = _reserves[msg.sender];
        // The StakeManager refuses zero and more than the free stake; amounts < 2^128.
        _stake.lockPooled(msg.sender, amount);
        // forge-lint: disable-next-line(unsafe-typecast)
        res.reserved += uint128(amount);
        emit StakeReserved(msg.sender, amount, res.reserved);
    }

    function _release(Reserve storage res, uint256 amount) private {
        // amount <= spare <= reserved.
        // forge-lint: disable-next-line(unsafe-typecast)
        res.reserved -= uint128(amount);
        emit StakeReleased(msg.sender, amount, res.reserved);
        _stake.unlockPooled(msg.sender, amount);
    }
}
