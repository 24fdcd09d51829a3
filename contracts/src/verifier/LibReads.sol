// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT32, LEAF_SIZE} from "../lib/CommitConstants.sol";
import {ReadIndexOutOfRange, ReadLeafLength, ReadLeafMissing, ReadLeafOperand} from "./VerifierErrors.sol";
import {LeafProof, Operand} from "./VerifierTypes.sol";

/// @notice The leaves a step reads from, and per operand the last leaf used.
/// `counts[s]` is operand s's element count; bit s of `wideMask` is set when operand s is int32.
/// `cachedLeaf[s]` is 1 + the leaf index last read of operand s (0: none yet), `cachedData[s]`
/// the memory address of that leaf's first byte.
struct ReadCursor {
    LeafProof[] leaves;
    uint256[] counts;
    uint256 wideMask;
    uint256[] cachedLeaf;
    uint256[] cachedData;
}

/// @title LibReads
/// @notice How the arithmetic reads operand elements: the verifier's loops ask for (operand,
/// index) in the order the TypeScript element functions read, and each value is taken from the
/// supplied leaf that holds it (the committed little-endian bytes). A prover therefore chooses
/// nothing, not which elements are read nor their values: it only supplies the leaves, and in a
/// bound step (LibStepBinding) each one is proven against its operand's committed root.
library LibReads {
    /// @notice A cursor over `leaves` for `operands` (shapes give each operand's element count).
    function open(LeafProof[] memory leaves, Operand[] memory operands) internal pure returns (ReadCursor memory c) {
        c.leaves = leaves;
        uint256 n = operands.length;
        c.counts = new uint256[](n);
        c.cachedLeaf = new uint256[](n);
        c.cachedData = new uint256[](n);
        for (uint256 s; s < n; ++s) {
            c.counts[s] = elementCount(operands[s].shape);
            // At most 5 operands (LibOneStep checked the count against the kind): s < 256.
            if (operands[s].dtype == DTYPE_INT32) c.wideMask |= uint256(1) << s;
        }
        for (uint256 l; l < leaves.length; ++l) {
            // INVARIANT: a leaf belongs to one of the step's operands.
            if (leaves[l].operand >= n) revert ReadLeafOperand(l, leaves[l].operand);
            // INVARIANT: a leaf holds LEAF_SIZE bytes, so every offset below LEAF_SIZE is inside it.
            if (leaves[l].leaf.length != LEAF_SIZE) revert ReadLeafLength(l, leaves[l].leaf.length);
        }
    }

    /// @notice Element `index` of operand `operand`, read from the supplied leaf holding it.
    /// `operand` is always one of the step's operands: the op libraries pass constant slots
    /// below the operand count LibOneStep checked.
    function take(ReadCursor memory c, uint256 operand, uint256 index) internal pure returns (int256 value) {
        uint256 count;
        uint256[] memory counts = c.counts;
        assembly ("memory-safe") {
            count := mload(add(add(counts, 0x20), shl(5, operand)))
        }
        // INVARIANT: the element exists (a padding byte of the last leaf is not an element).
        if (index >= count) revert ReadIndexOutOfRange(operand, index, count);
        bool wide = (c.wideMask >> operand) & 1 == 1;
        uint256 byteOffset;
        uint256 data;
        uint256 cachedKey;
        uint256[] memory cachedLeaf = c.cachedLeaf;
        uint256[] memory cachedData = c.cachedData;
        // index < count, and count * 4 bytes of a committed tensor fit easily: no overflow.
        unchecked {
            byteOffset = wide ? index * 4 : index;
        }
        uint256 leafIndex = byteOffset / LEAF_SIZE;
        assembly ("memory-safe") {
            cachedKey := mload(add(add(cachedLeaf, 0x20), shl(5, operand)))
            data := mload(add(add(cachedData, 0x20), shl(5, operand)))
        }
        if (cachedKey != leafIndex + 1) {
            data = _find(c.leaves, operand, leafIndex);
            assembly ("memory-safe") {
                mstore(add(add(cachedLeaf, 0x20), shl(5, operand)), add(leafIndex, 1))
                mstore(add(add(cachedData, 0x20), shl(5, operand)), data)
            }
        }
        uint256 offset = byteOffset % LEAF_SIZE;
        assembly ("memory-safe") {
            // open() checked every leaf is LEAF_SIZE bytes and int32 elements are 4-aligned, so
            // the element's bytes lie inside the leaf. Elements are little-endian two's complement.
            let word := mload(add(data, offset))
            switch wide
            case 0 { value := signextend(0, byte(0, word)) }
            default {
                let u := or(or(byte(0, word), shl(8, byte(1, word))), or(shl(16, byte(2, word)), shl(24, byte(3, word))))
                value := signextend(3, u)
            }
        }
    }

    /// @dev Memory address of the first byte of the supplied leaf (operand, leafIndex).
    function _find(LeafProof[] memory leaves, uint256 operand, uint256 leafIndex) private pure returns (uint256 data) {
        uint256 n = leaves.length;
        for (uint256 l; l < n; ++l) {
            LeafProof memory lp = leaves[l];
            if (lp.operand == operand && lp.leafIndex == leafIndex) {
                bytes memory leaf = lp.leaf;
                assembly ("memory-safe") {
                    data := add(leaf, 0x20)
                }
                return data;
            }
        }
        // INVARIANT: every element the loop needs comes from a supplied (in a bound step: proven) leaf.
        revert ReadLeafMissing(operand, leafIndex);
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
