// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibReads, ReadCursor} from "./LibReads.sol";
import {LibShape} from "./LibShape.sol";
import {OperandRank} from "./VerifierErrors.sol";
import {OpHeader, Operand} from "./VerifierTypes.sol";

/// @title LibLayoutOps
/// @notice One output element of reshape and transpose (src/runtime/kernels/layout.ts): one read
/// of the input (operand 0), at the same offset (reshape) or the permuted one (transpose).
library LibLayoutOps {
    function reshape(OpHeader memory h, uint256 index, ReadCursor memory c) internal pure returns (int256) {
        // INVARIANT: a reshape keeps the element count.
        LibShape.expectDim(0, 0, c.counts[0], LibReads.elementCount(h.outShape));
        return LibReads.take(c, 0, index);
    }

    function transpose(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        internal
        pure
        returns (int256)
    {
        uint256[] memory perm = LibOpDescriptor.transposePerm(d, h);
        uint256[] memory inShape = ops[0].shape;
        // INVARIANT: the perm permutes the input's axes.
        if (inShape.length != perm.length) revert OperandRank(0, inShape.length);
        for (uint256 i; i < perm.length; ++i) {
            // INVARIANT: output axis i is input axis perm[i].
            LibShape.expectDim(LibShape.OUTPUT, i, h.outShape[i], inShape[perm[i]]);
        }
        return LibReads.take(c, 0, LibShape.transposeSource(perm, inShape, h.outShape, index));
    }
}
