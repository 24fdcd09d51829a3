// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OperandRank, OperandShapeMismatch} from "./VerifierErrors.sol";

/// @title LibShape
/// @notice Index arithmetic shared by the op kernels, as src/runtime/kernels/operands.ts and
/// layout.ts define it: the [N, C, H, W] view of rank 2..4 shapes, numpy broadcasting, transpose.
library LibShape {
    /// @notice The operand number errors use for the op's output shape (not an operand slot).
    uint256 internal constant OUTPUT = type(uint256).max;

    /// @notice Reverts unless `dim` (axis `axis` of `operand`) equals `expected`.
    function expectDim(uint256 operand, uint256 axis, uint256 dim, uint256 expected) internal pure {
        // INVARIANT: shapes agree as validateModel requires of every loadable model.
        if (dim != expected) revert OperandShapeMismatch(operand, axis, dim, expected);
    }

    /// @notice Reverts unless `inShape` broadcasts to `outShape` (numpy: right-aligned, dims 1 or equal).
    function expectBroadcastable(uint256 operand, uint256[] memory inShape, uint256[] memory outShape) internal pure {
        // INVARIANT: an operand never has more dims than the output it broadcasts to.
        if (inShape.length > outShape.length) revert OperandRank(operand, inShape.length);
        uint256 offset = outShape.length - inShape.length;
        for (uint256 i; i < inShape.length; ++i) {
            if (inShape[i] != 1) expectDim(operand, i, inShape[i], outShape[offset + i]);
        }
    }

    /// @notice Shapes of rank 2..5 as [N, C, D, H, W], missing spatial axes of size 1:
    /// [N, C] -> [N, C, 1, 1, 1]; [N, C, W] -> [N, C, 1, 1, W]; [N, C, H, W] -> [N, C, 1, H, W].
    function ncdhw(uint256[] memory s, uint256 operand)
        internal
        pure
        returns (uint256 n, uint256 c, uint256 d, uint256 h, uint256 w)
    {
        // INVARIANT: only ranks 2 to 5 have an NCDHW view (ncdhw() in operands.ts throws otherwise).
        if (s.length < 2 || s.length > 5) revert OperandRank(operand, s.length);
        n = s[0];
        c = s[1];
        (d, h, w) = (1, 1, 1);
        if (s.length == 3) w = s[2];
        if (s.length == 4) (h, w) = (s[2], s[3]);
        if (s.length == 5) (d, h, w) = (s[2], s[3], s[4]);
    }

    /// @notice broadcastSource over the first `outLen` dims of `outShape` and the first
    /// `inLen` dims of `inShape`: the input offset that output offset `index` reads, shapes
    /// aligned at the right, input dims of 1 repeating.
    function broadcastSource(
        uint256 index,
        uint256[] memory outShape,
        uint256 outLen,
        uint256[] memory inShape,
        uint256 inLen
    ) internal pure returns (uint256 offset) {
        uint256 rem = index;
        uint256 inStride = 1;
        uint256 e = inLen;
        for (uint256 d = outLen; d > 0; --d) {
            uint256 dim = outShape[d - 1];
            uint256 coord = rem % dim;
            rem /= dim;
            if (e > 0) {
                --e;
                if (inShape[e] != 1) offset += coord * inStride;
                inStride *= inShape[e];
            }
        }
    }

    /// @notice transposeSource: the input offset of output offset `index`, where output axis d
    /// is input axis perm[d].
    function transposeSource(uint256[] memory perm, uint256[] memory inShape, uint256[] memory outShape, uint256 index)
        internal
        pure
        returns (uint256 offset)
    {
        uint256 rank = inShape.length;
        uint256[] memory inStrides = new uint256[](rank);
        uint256 s = 1;
        for (uint256 d = rank; d > 0; --d) {
            inStrides[d - 1] = s;
            s *= inShape[d - 1];
        }
        uint256 rem = index;
        for (uint256 d = outShape.length; d > 0; --d) {
            uint256 coord = rem % outShape[d - 1];
            rem /= outShape[d - 1];
            offset += coord * inStrides[perm[d - 1]];
        }
    }
}
