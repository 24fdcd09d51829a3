// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clock} from "./Types.sol";


/// @title LibClock
/// @notice A chess clock per party: time accumulates only while it is that party's turn.
/// `used` is the time spent on finished turns; `startedAt` is when the running turn began.
library LibClock {
    function wrap(uint64 used_, uint64 startedAt_) internal pure returns (Clock) {
        return Clock.wrap((uint128(used_) << 64) | startedAt_);
    }

    function used(Clock c) internal pure returns (uint64) {
        return uint64(Clock.unwrap(c) >> 64);
    }

    function startedAt(Clock c) internal pure returns (uint64) {
        return uint64(Clock.unwrap(c));
    }

    /// @notice Time used if the party's turn ends at `nowTs`.
    function usedAt(Clock c, uint256 nowTs) internal pure returns (uint256) {
        // startedAt <= nowTs (set from block.timestamp), used < 2^64: no under/overflow.
        unchecked {
            return uint256(used(c)) + (nowTs - startedAt(c));
        }
    }

    /// @notice Ends the running turn at `nowTs`: adds its duration to `used`.
    function stop(Clock c, uint256 nowTs) internal pure returns (Clock) {
        return wrap(uint64(usedAt(c, nowTs)), 0);
    }

    /// @notice Starts a turn at `nowTs`, keeping the time already used.
    function start(Clock c, uint256 nowTs) internal pure returns (Clock) {
        return wrap(used(c), uint64(nowTs));
    }
}
