// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Position} from "./Types.sol";


/// @title LibPosition
/// @notice Generalized indices (as Optimism's LibPosition): the node at (depth, index) is
/// 2^depth + index. Depths stay below 127 (trace and tensor trees are below 2^64 leaves).
library LibPosition {
    /// @notice Largest depth a Position can hold.
    uint8 internal constant MAX_DEPTH = 126;

    function wrap(uint8 depth_, uint128 indexAtDepth_) internal pure returns (Position) {
        // depth_ <= MAX_DEPTH and indexAtDepth_ < 2^depth_ are the caller's guarantee (root/left/right keep them).
        unchecked {
            return Position.wrap((uint128(1) << depth_) | indexAtDepth_);
        }
    }

    function root() internal pure returns (Position) {
        return Position.wrap(1);
    }

    /// @notice Depth of the node (position of the highest set bit).
    function depth(Position p) internal pure returns (uint8 d) {
        uint128 x = Position.unwrap(p);
        // x >= 1 for every valid position; the loop runs at most 127 times.
        unchecked {
            while (x > 1) {
                x >>= 1;
                ++d;
            }
        }
    }

    /// @notice Index of the node among the nodes of its depth.
    function indexAtDepth(Position p) internal pure returns (uint128) {
        uint8 d = depth(p);
        // d < 128, so the shift and subtraction stay in range.
        unchecked {
            return Position.unwrap(p) - (uint128(1) << d);
        }
    }

    function left(Position p) internal pure returns (Position) {
        // The depth stays <= MAX_DEPTH + 1 < 128 (callers stop at the tree's depth), so no overflow.
        unchecked {
            return Position.wrap(Position.unwrap(p) << 1);
        }
    }

    function right(Position p) internal pure returns (Position) {
        unchecked {
            return Position.wrap((Position.unwrap(p) << 1) | 1);
        }
    }

    function raw(Position p) internal pure returns (uint128) {
        return Position.unwrap(p);
    }
}
