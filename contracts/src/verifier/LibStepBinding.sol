// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT32, LEAF_SIZE} from "../lib/CommitConstants.sol";
import {LibTensorCommit} from "../lib/LibTensorCommit.sol";
import {LibReads} from "./LibReads.sol";
import {
    BindingLeafOperand,
    BindingOperandCount,
    BindingReadLeaf,
    BindingReadLeafCount,
    BindingReadValue,
    BindingTensorHashMismatch,
    ReadIndexOutOfRange
} from "./VerifierErrors.sol";
import {Operand, Read} from "./VerifierTypes.sol";

/// @notice The prover's opening of an operand's tensor hash: H(0x02 || dtype || rank || dims || root).
struct OperandOpening {
    uint8 dtype;
    uint256[] shape;
    bytes32 root;
}

/// @notice One data leaf of operand `operand`'s tensor tree with its Merkle path (bottom-up).
struct LeafProof {
    uint256 operand;
    uint256 leafIndex;
    bytes leaf;
    bytes32[] siblings;
}

/// @notice What a prover supplies for one step: openings of each operand's tensor hash, the
/// proven leaves, the reads, and for each read the position in `leaves` of its leaf.
struct StepProof {
    OperandOpening[] openings;
    LeafProof[] leaves;
    Read[] reads;
    uint256[] readLeaf;
}

/// @title LibStepBinding
/// @notice Binds a step's reads to committed tensors: each operand's opened header must hash to
/// the tensor hash the game knows for it (so dtype and shape come from the commitment), each
/// leaf proof must verify against that operand's root, and every read's value must be the
/// element its pointed-to leaf holds at the read's index. Reads sharing a leaf share one proof.
library LibStepBinding {
    /// @notice Verifies openings, leaves and reads; returns the operands (dtype, shape) the
    /// arithmetic may trust.
    function bind(bytes32[] memory tensorHashes, StepProof memory proof) internal view returns (Operand[] memory operands) {
        OperandOpening[] memory openings = proof.openings;
        LeafProof[] memory leaves = proof.leaves;
        Read[] memory reads = proof.reads;
        uint256[] memory readLeaf = proof.readLeaf;
        uint256 n = openings.length;
        // INVARIANT: one opening per committed operand.
        if (tensorHashes.length != n) revert BindingOperandCount(tensorHashes.length, n);
        operands = new Operand[](n);
        uint256[] memory counts = new uint256[](n);
        for (uint256 s; s < n; ++s) {
            OperandOpening memory o = openings[s];
            bytes32 computed = LibTensorCommit.hashTensor(o.dtype, o.shape, o.root);
            // INVARIANT: the opened dtype, shape and root are the committed tensor's.
            if (computed != tensorHashes[s]) revert BindingTensorHashMismatch(s, tensorHashes[s], computed);
            operands[s] = Operand({dtype: o.dtype, shape: o.shape});
            counts[s] = LibReads.elementCount(o.shape);
        }
        for (uint256 l; l < leaves.length; ++l) {
            LeafProof memory lp = leaves[l];
            // INVARIANT: a leaf belongs to one of the step's operands.
            if (lp.operand >= n) revert BindingLeafOperand(l, lp.operand);
            OperandOpening memory o = openings[lp.operand];
            LibTensorCommit.verifyLeaf(o.root, o.dtype, counts[lp.operand], lp.leafIndex, lp.leaf, lp.siblings);
        }
        // INVARIANT: every read names the proven leaf it is taken from.
        if (readLeaf.length != reads.length) revert BindingReadLeafCount(reads.length, readLeaf.length);
        uint256 wideMask;
        for (uint256 s; s < n; ++s) {
            if (openings[s].dtype == DTYPE_INT32) wideMask |= uint256(1) << s;
        }
        for (uint256 r; r < reads.length; ++r) {
            _bindRead(r, reads[r], readLeaf[r], leaves, counts, wideMask);
        }
    }

    /// @dev Read `position` must be taken from a proven leaf of its operand and equal the element
    /// there. Bit s of `wideMask` is set when operand s is int32 (hashTensor admits only int8 and int32).
    function _bindRead(
        uint256 position,
        Read memory read,
        uint256 leafPos,
        LeafProof[] memory leaves,
        uint256[] memory counts,
        uint256 wideMask
    ) private pure {
        uint256 operand = read.operand;
        uint256 index = read.index;
        // INVARIANT: the read's operand exists (its leaf's operand must then equal it).
        if (operand >= counts.length) revert BindingLeafOperand(leafPos, operand);
        // INVARIANT: the element exists (a padding byte of the last leaf is not an element).
        if (index >= counts[operand]) revert ReadIndexOutOfRange(position, index, counts[operand]);
        bool wide = (wideMask >> operand) & 1 == 1;
        // index < count, and count * 4 bytes of a committed tensor fit easily: no overflow.
        uint256 byteOffset = wide ? index * 4 : index;
        uint256 expectedLeaf = byteOffset / LEAF_SIZE;
        // INVARIANT: the pointed-to leaf is a proven leaf of the read's operand holding the element.
        if (leafPos >= leaves.length) revert BindingReadLeaf(position, leafPos, 0, 0, expectedLeaf);
        LeafProof memory lp = leaves[leafPos];
        if (lp.operand != operand || lp.leafIndex != expectedLeaf) {
            revert BindingReadLeaf(position, leafPos, lp.operand, lp.leafIndex, expectedLeaf);
        }
        bytes memory leaf = lp.leaf;
        uint256 offset = byteOffset % LEAF_SIZE;
        int256 proven;
        assembly ("memory-safe") {
            // verifyLeaf checked leaf.length == LEAF_SIZE and int32 elements are 4-aligned, so the
            // element's bytes lie inside the leaf. Elements are little-endian two's complement.
            let word := mload(add(add(leaf, 0x20), offset))
            switch wide
            case 0 { proven := signextend(0, byte(0, word)) }
            default {
                let u := or(or(byte(0, word), shl(8, byte(1, word))), or(shl(16, byte(2, word)), shl(24, byte(3, word))))
                proven := signextend(3, u)
            }
        }
        // INVARIANT: the claimed value is the committed element.
        if (proven != read.value) revert BindingReadValue(position, read.value, proven);
    }
}
