// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT8, DTYPE_INT32, LEAF_SIZE, NODE_DOMAIN, TENSOR_DOMAIN} from "./CommitConstants.sol";
import {
    CommitBadLeafSize,
    CommitDimTooLarge,
    CommitElementOutOfRange,
    CommitLeafLength,
    CommitLeafOutOfRange,
    CommitLeafPaddingNotZero,
    CommitProofLength,
    CommitRankTooLarge,
    CommitRootMismatch,
    CommitUnknownDtype
} from "./CommitErrors.sol";
import {LibMerkle} from "./LibMerkle.sol";

/// @title LibTensorCommit
/// @notice Tensor commitments (docs/commitment-format.md): elements packed little-endian
/// (int8: 1 byte, int32: 4 bytes two's complement) into LEAF_SIZE-byte leaves, the last data
/// leaf zero-padded; tensor hash = H(0x02 || dtype || rank || dims u32 BE || root).
library LibTensorCommit {
    /// @notice Bytes per element of a dtype code.
    function elementSize(uint8 dtype) internal pure returns (uint256) {
        if (dtype == DTYPE_INT8) return 1;
        if (dtype == DTYPE_INT32) return 4;
        // INVARIANT: only int8 and int32 tensors are committed.
        revert CommitUnknownDtype(dtype);
    }

    /// @notice Product of the dimensions (1 for a scalar).
    function elementCount(uint256[] memory shape) internal pure returns (uint256 n) {
        n = 1;
        for (uint256 i; i < shape.length; ++i) {
            n *= shape[i];
        }
    }

    /// @notice Data leaves for `byteLength` bytes: ceil(byteLength / leafSize), at least 1.
    function dataLeafCount(uint256 byteLength, uint256 leafSize) internal pure returns (uint256) {
        if (byteLength == 0) return 1;
        return (byteLength + leafSize - 1) / leafSize;
    }

    /// @notice Depth of the tree of a tensor of `count` elements of `dtype`.
    function treeDepth(uint8 dtype, uint256 count) internal pure returns (uint256) {
        return LibMerkle.depthOf(dataLeafCount(count * elementSize(dtype), LEAF_SIZE));
    }

    /// @notice H(0x02 || dtype u8 || rank u8 || dims u32 big-endian || root).
    function hashTensor(uint8 dtype, uint256[] memory shape, bytes32 root) internal pure returns (bytes32) {
        elementSize(dtype);
        uint256 rank = shape.length;
        // INVARIANT: rank fits one byte.
        if (rank > type(uint8).max) revert CommitRankTooLarge(rank);
        bytes memory preimage = new bytes(3 + 4 * rank + 32);
        preimage[0] = TENSOR_DOMAIN;
        preimage[1] = bytes1(dtype);
        preimage[2] = bytes1(uint8(rank));
        for (uint256 i; i < rank; ++i) {
            uint256 d = shape[i];
            // INVARIANT: each dimension fits four bytes.
            if (d > type(uint32).max) revert CommitDimTooLarge(i, d);
            assembly ("memory-safe") {
                // Writes 32 bytes; the 28 beyond this dim are overwritten by the next dim or the root.
                mstore(add(add(preimage, 0x23), mul(i, 4)), shl(224, d))
            }
        }
        assembly ("memory-safe") {
            mstore(add(add(preimage, 0x23), mul(rank, 4)), root)
        }
        return sha256(preimage);
    }

    /// @notice Merkle root of packed element bytes (small tensors; O(n) sha256 calls).
    function rootOfPacked(bytes memory data) internal view returns (bytes32) {
        return rootOfPackedSized(LEAF_SIZE, data);
    }

    /// @notice rootOfPacked for another leaf size (measurements and tests only).
    function rootOfPackedSized(uint256 leafSize, bytes memory data) internal view returns (bytes32) {
        uint256 n = dataLeafCount(data.length, leafSize);
        bytes32[] memory nodes = new bytes32[](n);
        bytes memory leaf = new bytes(leafSize);
        for (uint256 i; i < n; ++i) {
            uint256 start = i * leafSize;
            uint256 len = data.length - start < leafSize ? data.length - start : leafSize;
            assembly ("memory-safe") {
                // Zero the leaf, then copy this chunk; the tail stays zero (padding).
                for { let w := 0 } lt(w, leafSize) { w := add(w, 0x20) } { mstore(add(add(leaf, 0x20), w), 0) }
                mcopy(add(leaf, 0x20), add(add(data, 0x20), start), len)
            }
            nodes[i] = LibMerkle.hashLeaf(leaf);
        }
        return LibMerkle.rootInPlace(NODE_DOMAIN, nodes);
    }

    /// @notice The element at byte `offset` of `leaf`, sign-extended.
    function readElement(bytes memory leaf, uint8 dtype, uint256 offset) internal pure returns (int256 value) {
        uint256 size = elementSize(dtype);
        // INVARIANT: the element lies inside the leaf.
        if (offset + size > leaf.length) revert CommitLeafLength(leaf.length, offset + size);
        if (size == 1) return int256(int8(uint8(leaf[offset])));
        uint32 u = uint32(uint8(leaf[offset])) | (uint32(uint8(leaf[offset + 1])) << 8)
            | (uint32(uint8(leaf[offset + 2])) << 16) | (uint32(uint8(leaf[offset + 3])) << 24);
        return int256(int32(u));
    }

    /// @notice Reverts unless `leaf` holds element `elementIndex` of the tensor with Merkle
    /// `root` (of `count` elements of `dtype`); returns the element's value.
    function verifyElement(
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 elementIndex,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal view returns (int256 value) {
        return verifyElementSized(LEAF_SIZE, root, dtype, count, elementIndex, leaf, siblings);
    }

    /// @notice verifyElement for another leaf size (measurements and tests only).
    function verifyElementSized(
        uint256 leafSize,
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 elementIndex,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal view returns (int256 value) {
        uint256 size = elementSize(dtype);
        // INVARIANT: the element exists.
        if (elementIndex >= count) revert CommitElementOutOfRange(elementIndex, count);
        // INVARIANT: leaves are whole 32-byte words and a power of two (int32 never straddles).
        if (leafSize < 32 || leafSize & (leafSize - 1) != 0) revert CommitBadLeafSize(leafSize);
        uint256 byteOffset = elementIndex * size;
        verifyLeafSized(leafSize, root, dtype, count, byteOffset / leafSize, leaf, siblings);
        return readElement(leaf, dtype, byteOffset % leafSize);
    }

    /// @notice Reverts unless `leaf` is data leaf `leafIndex` of the tensor with Merkle `root`
    /// (of `count` elements of `dtype`), with zero padding. Prove a leaf once, then read any
    /// of its elements with readElement (a conv step reads runs of elements).
    function verifyLeaf(
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 leafIndex,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal view {
        verifyLeafSized(LEAF_SIZE, root, dtype, count, leafIndex, leaf, siblings);
    }

    /// @notice verifyLeaf for another leaf size (measurements and tests only).
    function verifyLeafSized(
        uint256 leafSize,
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 leafIndex,
        bytes memory leaf,
        bytes32[] memory siblings
    ) internal view {
        // INVARIANT: leaves are whole 32-byte words and a power of two (int32 never straddles).
        if (leafSize < 32 || leafSize & (leafSize - 1) != 0) revert CommitBadLeafSize(leafSize);
        uint256 byteLength = count * elementSize(dtype);
        uint256 leafCount = dataLeafCount(byteLength, leafSize);
        // INVARIANT: the leaf holds data (padding leaves are the zero word, proven with LibMerkle.verifyNode).
        if (leafIndex >= leafCount) revert CommitLeafOutOfRange(leafIndex, leafCount);
        // INVARIANT: every leaf has exactly the leaf size.
        if (leaf.length != leafSize) revert CommitLeafLength(leaf.length, leafSize);
        uint256 depth = LibMerkle.depthOf(leafCount);
        // INVARIANT: the proof climbs exactly the depth the element count implies.
        if (siblings.length != depth) revert CommitProofLength(siblings.length, depth);
        uint256 leafStart = leafIndex * leafSize;
        if (byteLength - leafStart < leafSize) {
            uint256 firstPad = byteLength - leafStart;
            // INVARIANT: bytes past the tensor's end are zero (one canonical leaf per tensor).
            if (!_isZeroFrom(leaf, firstPad)) revert CommitLeafPaddingNotZero(leafIndex, firstPad);
        }
        bytes32 computed = LibMerkle.computeRoot(NODE_DOMAIN, LibMerkle.hashLeaf(leaf), leafIndex, siblings);
        // INVARIANT: the leaf belongs to the committed tensor.
        if (computed != root) revert CommitRootMismatch(root, computed);
    }

    /// @dev True when leaf[start:] is all zero. leaf.length is a multiple of 32.
    function _isZeroFrom(bytes memory leaf, uint256 start) private pure returns (bool ok) {
        assembly ("memory-safe") {
            let len := mload(leaf)
            let data := add(leaf, 0x20)
            ok := 1
            for { let w := and(start, not(31)) } lt(w, len) { w := add(w, 0x20) } {
                let word := mload(add(data, w))
                // Ignore the (start - w) leading bytes of the word holding `start`.
                if lt(w, start) { word := and(word, shr(mul(sub(start, w), 8), not(0))) }
                if word { ok := 0 }
            }
        }
    }
}
