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

/// @notice A run of elements of an int8 operand read by LibReads.dot: indices base + t * stride,
/// each minus zeroPoint.
struct Run {
    uint256 operand;
    uint256 base;
    uint256 stride;
    int256 zeroPoint;
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
        _checkIndex(c, operand, index);
        bool wide = (c.wideMask >> operand) & 1 == 1;
        uint256 byteOffset;
        // index < count, and count * 4 bytes of a committed tensor fit easily: no overflow.
        unchecked {
            byteOffset = wide ? index * 4 : index;
        }
        uint256 data = leafData(c, operand, byteOffset / LEAF_SIZE);
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

    /// @notice A run of taps of two int8 operands: the sum over t < k of
    /// (A[aBase + t * aStride] - aZp) * (B[bBase + t * bStride] - bZp), reading the same elements
    /// as k pairs of take() (the sum of exact integers does not depend on their order), a leaf
    /// lookup only where a run crosses into another leaf. Operands a and b must be int8 (the op
    /// libraries call it for operands whose dtype LibOneStep checked) and strides at least 1
    /// (unit steps, matmul's column stride N, conv's dilation: all >= 1 by the shape and
    /// descriptor checks).
    function dot(ReadCursor memory c, Run memory a, Run memory b, uint256 k) internal pure returns (int256 acc) {
        if (k == 0) return 0;
        // Indices grow with t: if the last of each run exists, every one does. Strides and bases
        // are products and sums of u32 dims and window words: no overflow.
        unchecked {
            _checkIndex(c, a.operand, a.base + (k - 1) * a.stride);
            _checkIndex(c, b.operand, b.base + (k - 1) * b.stride);
        }
        uint256 t;
        while (t < k) {
            uint256 ia;
            uint256 ib;
            uint256 n;
            // t < k and every index below was checked against its count: no overflow.
            unchecked {
                ia = a.base + t * a.stride;
                ib = b.base + t * b.stride;
                // Taps left in the current leaf of each run (offset o: (LEAF_SIZE - 1 - o) / stride + 1).
                n = k - t;
                uint256 na = (LEAF_SIZE - 1 - ia % LEAF_SIZE) / a.stride + 1;
                uint256 nb = (LEAF_SIZE - 1 - ib % LEAF_SIZE) / b.stride + 1;
                if (na < n) n = na;
                if (nb < n) n = nb;
            }
            uint256 pa = leafData(c, a.operand, ia / LEAF_SIZE) + ia % LEAF_SIZE;
            uint256 pb = leafData(c, b.operand, ib / LEAF_SIZE) + ib % LEAF_SIZE;
            int256 aZp = a.zeroPoint;
            int256 bZp = b.zeroPoint;
            uint256 sa = a.stride;
            uint256 sb = b.stride;
            assembly ("memory-safe") {
                // pa and pb stay inside their leaves for n taps (n was bounded by the bytes left).
                // Each term is (int8 - int8) * (int8 - int8), |term| <= 2^16, and k terms: no wrap.
                for { let end := add(pa, mul(n, sa)) } lt(pa, end) {} {
                    let x := sub(signextend(0, byte(0, mload(pa))), aZp)
                    let y := sub(signextend(0, byte(0, mload(pb))), bZp)
                    acc := add(acc, mul(x, y))
                    pa := add(pa, sa)
                    pb := add(pb, sb)
                }
            }
            unchecked {
                t += n;
            }
        }
    }

    /// @dev Reverts unless element `index` exists in `operand` (a padding byte of the last leaf is not an element).
    function _checkIndex(ReadCursor memory c, uint256 operand, uint256 index) private pure {
        uint256 count;
        uint256[] memory counts = c.counts;
        assembly ("memory-safe") {
            count := mload(add(add(counts, 0x20), shl(5, operand)))
        }
        // INVARIANT: the element exists in its operand.
        if (index >= count) revert ReadIndexOutOfRange(operand, index, count);
    }

    /// @notice Memory address of the first byte of the supplied leaf `leafIndex` of `operand`
    /// (the operand's last leaf is cached, so a run through one leaf looks it up once).
    function leafData(ReadCursor memory c, uint256 operand, uint256 leafIndex) internal pure returns (uint256 data) {
        uint256 cachedKey;
        uint256[] memory cachedLeaf = c.cachedLeaf;
        uint256[] memory cachedData = c.cachedData;
        assembly ("memory-safe") {
            cachedKey := mload(add(add(cachedLeaf, 0x20), shl(5, operand)))
            data := mload(add(add(cachedData, 0x20), shl(5, operand)))
        }
        // leafIndex < 2^256 / LEAF_SIZE: + 1 cannot wrap.
        unchecked {
            if (cachedKey == leafIndex + 1) return data;
        }
        data = _find(c.leaves, operand, leafIndex);
        assembly ("memory-safe") {
            mstore(add(add(cachedLeaf, 0x20), shl(5, operand)), add(leafIndex, 1))
            mstore(add(add(cachedData, 0x20), shl(5, operand)), data)
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
