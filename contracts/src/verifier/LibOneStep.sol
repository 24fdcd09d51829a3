// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibElementwiseOps} from "./LibElementwiseOps.sol";
import {LibLayoutOps} from "./LibLayoutOps.sol";
import {LibLinearOps} from "./LibLinearOps.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibPoolOps} from "./LibPoolOps.sol";
import {LibReads, ReadCursor} from "./LibReads.sol";
import {LibSoftmaxOp} from "./LibSoftmaxOp.sol";
import {OperandCount, OperandDtype, OutputIndexOutOfRange} from "./VerifierErrors.sol";
import {
    KIND_ADD,
    KIND_AVGPOOL,
    KIND_CONV,
    KIND_FC,
    KIND_LUT,
    KIND_MATMUL,
    KIND_MAXPOOL,
    KIND_MUL,
    KIND_RESHAPE,
    KIND_SOFTMAX,
    OpHeader,
    LeafProof,
    Operand
} from "./VerifierTypes.sol";

/// @title LibOneStep
/// @notice The pure arithmetic of a one-step proof: output element `index` of the op a
/// descriptor encodes, reading every element it needs from the supplied operand leaves, which
/// are taken as given (LibStepBinding proves them).
/// Same result as computeElement in src/runtime/kernels/index.ts for every op and index.
library LibOneStep {
    function computeElement(bytes memory descriptor, uint256 index, Operand[] memory operands, LeafProof[] memory leaves)
        internal
        pure
        returns (int256 value)
    {
        OpHeader memory h = LibOpDescriptor.decodeHeader(descriptor);
        uint256 expected = LibOpDescriptor.operandCount(h.kind);
        // INVARIANT: one operand per descriptor ref / constant field.
        if (operands.length != expected) revert OperandCount(h.kind, operands.length, expected);
        for (uint256 s; s < expected; ++s) {
            uint8 dtype = LibOpDescriptor.operandDtype(h.kind, s);
            // INVARIANT: each operand has the dtype its role needs.
            if (operands[s].dtype != dtype) revert OperandDtype(s, operands[s].dtype, dtype);
        }
        uint256 outCount = LibReads.elementCount(h.outShape);
        // INVARIANT: the element exists in the output.
        if (index >= outCount) revert OutputIndexOutOfRange(index, outCount);
        ReadCursor memory c = LibReads.open(leaves, operands);
        value = _dispatch(descriptor, h, index, operands, c);
    }

    function _dispatch(bytes memory d, OpHeader memory h, uint256 index, Operand[] memory ops, ReadCursor memory c)
        private
        pure
        returns (int256)
    {
        uint256 kind = h.kind;
        if (kind == KIND_CONV) return LibLinearOps.conv(d, h, index, ops, c);
        if (kind == KIND_FC) return LibLinearOps.fc(d, h, index, ops, c);
        if (kind == KIND_MATMUL) return LibLinearOps.matmul(d, h, index, ops, c);
        if (kind == KIND_ADD) return LibElementwiseOps.add(d, h, index, ops, c);
        if (kind == KIND_MUL) return LibElementwiseOps.mul(d, h, index, ops, c);
        if (kind == KIND_LUT) return LibElementwiseOps.lut(index, c);
        if (kind == KIND_SOFTMAX) return LibSoftmaxOp.softmax(d, h, index, c);
        if (kind == KIND_MAXPOOL) return LibPoolOps.maxPool(d, h, index, ops, c);
        if (kind == KIND_AVGPOOL) return LibPoolOps.avgPool(d, h, index, ops, c);
        if (kind == KIND_RESHAPE) return LibLayoutOps.reshape(h, index, c);
        // decodeHeader admits only kinds 1..11: this is transpose.
        return LibLayoutOps.transpose(d, h, index, ops, c);
    }
}
