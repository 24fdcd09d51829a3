// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT8} from "../lib/CommitConstants.sol";
import {
    ReadIndexMismatch,
    ReadIndexOutOfRange,
    ReadOperandMismatch,
    ReadsExhausted,
    ReadsLeftOver,
    ReadValueRange
} from "./VerifierErrors.sol";
import {Operand, Read} from "./VerifierTypes.sol";

/// @notice The supplied reads of one step and how many the verifier has consumed.
/// `counts[s]` is operand s's element count; bit s of `int8Mask` is set when operand s is int8.
struct ReadCursor {
    Read[] reads;
    uint256 next;
    uint256[] counts;
    uint256 int8Mask;
}

/// @title LibReads
/// @notice The read protocol: the verifier's loops ask for (operand, index) in the order the
/// TypeScript element functions read; each request consumes the next supplied read, whose
/// operand and index must be exactly the ones asked for. A prover therefore chooses nothing:
/// not which elements are read, not their order, only (in the pure layer) their values, and
/// the binding layer (LibStepBinding) proves those against the committed tensors.
library LibReads {
    /// @notice A cursor over `reads` for `operands` (shapes give each operand's element count).
    function open(Read[] memory reads, Operand[] memory operands) internal pure returns (ReadCursor memory c) {
        c.reads = reads;
        uint256 n = operands.length;
        c.counts = new uint256[](n);
        for (uint256 s; s < n; ++s) {
            c.counts[s] = elementCount(operands[s].shape);
            // At most 5 operands (LibOneStep checked the count against the kind): s < 256.
            if (operands[s].dtype == DTYPE_INT8) c.int8Mask |= uint256(1) << s;
        }
    }

    /// @notice Consumes the next read, which must be element `index` of operand `operand`.
    /// `operand` is always one of the step's operands: the op libraries pass constant slots
    /// below the operand count LibOneStep checked.
    function take(ReadCursor memory c, uint256 operand, uint256 index) internal pure returns (int256 value) {
        uint256 position = c.next;
        Read[] memory reads = c.reads;
        // INVARIANT: the step cannot need more reads than were supplied.
        if (position >= reads.length) revert ReadsExhausted(reads.length);
        uint256 rOperand;
        uint256 rIndex;
        uint256 count;
        uint256[] memory counts = c.counts;
        assembly ("memory-safe") {
            // reads[position] (position < reads.length) and counts[operand] (operand < counts.length).
            let r := mload(add(add(reads, 0x20), shl(5, position)))
            rOperand := mload(r)
            rIndex := mload(add(r, 0x20))
            value := mload(add(r, 0x40))
            count := mload(add(add(counts, 0x20), shl(5, operand)))
        }
        // INVARIANT: the read is of the operand the verifier's loop needs.
        if (rOperand != operand) revert ReadOperandMismatch(position, rOperand, operand);
        // INVARIANT: the read is of the element the verifier's loop needs.
        if (rIndex != index) revert ReadIndexMismatch(position, rIndex, index);
        // INVARIANT: the element exists in its operand.
        if (index >= count) revert ReadIndexOutOfRange(position, index, count);
        bool ok = (c.int8Mask >> operand) & 1 == 1
            ? value >= -128 && value <= 127
            : value >= -2147483648 && value <= 2147483647;
        // INVARIANT: the value fits its operand's dtype (the arithmetic's bounds rely on it).
        if (!ok) revert ReadValueRange(position, value);
        unchecked {
            // position < reads.length.
            c.next = position + 1;
        }
    }

    /// @notice Reverts unless every supplied read was consumed.
    function close(ReadCursor memory c) internal pure {
        // INVARIANT: a step's reads are exactly those it needs (no padding a game could misread).
        if (c.next != c.reads.length) revert ReadsLeftOver(c.next, c.reads.length);
    }

    /// @notice Product of the dimensions (1 for a scalar); checked, so an absurd shape reverts
    /// instead of wrapping.
    function elementCount(uint256[] memory shape) internal pure returns (uint256 n) {
        n = 1;
        for (uint256 i; i < shape.length; ++i) {
            n *= shape[i];
        }
    }
}
