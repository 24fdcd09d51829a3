// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibFixedPoint} from "./LibFixedPoint.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibReads, ReadCursor} from "./LibReads.sol";
import {LibShape} from "./LibShape.sol";
import {SoftmaxSumNotPositive} from "./VerifierErrors.sol";
import {OpHeader, SoftmaxParams} from "./VerifierTypes.sol";

/// @title LibSoftmaxOp
/// @notice One output element of softmax (src/runtime/kernels/softmax.ts softmaxElement), input
/// operand 0 viewed as [outer, n, inner], exp table operand 1. Reads, in order: the row (for
/// its max), then per row element the element and its table entry (for the sum), then the
/// output's own element and table entry: 3n + 2 reads.
library LibSoftmaxOp {
    uint256 private constant TABLE_SIZE = 256;
    int256 private constant OUTPUT_ZERO_POINT = -128;

    function softmax(bytes memory d, OpHeader memory h, uint256 index, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        SoftmaxParams memory p = LibOpDescriptor.softmaxParams(d, h);
        uint256 size = p.outer * p.n * p.inner;
        // INVARIANT: outer * n * inner is the input's and the output's element count.
        LibShape.expectDim(0, 0, c.counts[0], size);
        LibShape.expectDim(LibShape.OUTPUT, 0, LibReads.elementCount(h.outShape), size);
        // INVARIANT: the exp table has one entry per int8 difference.
        LibShape.expectDim(1, 0, c.counts[1], TABLE_SIZE);
        uint256 i = index % p.inner;
        uint256 j = (index / p.inner) % p.n;
        uint256 base = (index / (p.inner * p.n)) * p.n * p.inner + i;
        int256 max = -128;
        for (uint256 t; t < p.n; ++t) {
            int256 v = LibReads.take(c, 0, base + t * p.inner);
            if (v > max) max = v;
        }
        int256 sum;
        for (uint256 t; t < p.n; ++t) {
            // max >= every element, both int8: the table index is in [0, 255].
            sum += LibReads.take(c, 1, uint256(max - LibReads.take(c, 0, base + t * p.inner)));
        }
        int256 e = LibReads.take(c, 1, uint256(max - LibReads.take(c, 0, base + j * p.inner)));
        // INVARIANT: the sum is positive (expTable[0] > 0 in any sane table); roundDiv needs it.
        if (sum <= 0) revert SoftmaxSumNotPositive(sum);
        return LibFixedPoint.clamp(OUTPUT_ZERO_POINT + LibFixedPoint.roundDiv(e * 256, sum), -128, 127);
    }
}
