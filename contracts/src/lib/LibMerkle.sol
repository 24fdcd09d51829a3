// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LEAF_DOMAIN} from "./CommitConstants.sol";
import {CommitIndexOutOfRange, CommitProofLength, CommitRootMismatch} from "./CommitErrors.sol";

/// @title LibMerkle
/// @notice Binary SHA-256 Merkle trees shared by tensor trees (inner domain 0x01) and trace
/// trees (0x03); byte-identical to src/commit. Nodes are addressed top-down: (level, index),
/// level 0 = root; siblings in proofs are listed bottom-up.
library LibMerkle {
    /// @notice H(0x00 || leaf).
    function hashLeaf(bytes memory leaf) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(LEAF_DOMAIN, leaf));
    }

    /// @notice H(domain || left || right) through the 0x02 precompile, without allocating.
    function hashNode(bytes1 domain, bytes32 left, bytes32 right) internal view returns (bytes32 h) {
        assembly ("memory-safe") {
            // 65-byte preimage in free memory (not allocated: nothing else runs before it is hashed).
            let p := mload(0x40)
            mstore(p, domain)
            mstore(add(p, 0x01), left)
            mstore(add(p, 0x21), right)
            // The precompile fails only when out of gas.
            if iszero(staticcall(gas(), 0x02, p, 0x41, 0x00, 0x20)) { revert(0, 0) }
            h := mload(0x00)
        }
    }

    /// @notice Smallest d with 2^d >= leafCount (0 for one leaf).
    function depthOf(uint256 leafCount) internal pure returns (uint256 depth) {
        while ((uint256(1) << depth) < leafCount) {
            // depth < 256 because leafCount < 2^256.
            unchecked {
                ++depth;
            }
        }
    }

    /// @notice Hash of an all-padding subtree of `height` (0 = a padding leaf, the zero word).
    function zeroHash(bytes1 domain, uint256 height) internal view returns (bytes32 h) {
        for (uint256 i; i < height; ++i) {
            h = hashNode(domain, h, h);
        }
    }

    /// @notice The root implied by `node` at `index` of level `siblings.length`.
    /// Reverts only on a malformed proof; a wrong proof just yields another root.
    function computeRoot(bytes1 domain, bytes32 node, uint256 index, bytes32[] memory siblings)
        internal
        view
        returns (bytes32)
    {
        uint256 level = siblings.length;
        // INVARIANT: the index addresses a node of the level the proof climbs from.
        if (level < 256 && index >> level != 0) revert CommitIndexOutOfRange(index, level);
        for (uint256 i; i < level; ++i) {
            node = index & 1 == 0 ? hashNode(domain, node, siblings[i]) : hashNode(domain, siblings[i], node);
            index >>= 1;
        }
        return node;
    }

    /// @notice Reverts unless `node` is at (level, index) of the tree with `root`.
    function verifyNode(
        bytes1 domain,
        bytes32 root,
        uint256 level,
        uint256 index,
        bytes32 node,
        bytes32[] memory siblings
    ) internal view {
        // INVARIANT: a node at `level` has exactly `level` siblings up to the root.
        if (siblings.length != level) revert CommitProofLength(siblings.length, level);
        bytes32 computed = computeRoot(domain, node, index, siblings);
        // INVARIANT: the node belongs to the committed tree.
        if (computed != root) revert CommitRootMismatch(root, computed);
    }

    /// @notice True when `left` and `right` are the children of `parent` (one bisection step).
    function isParentOf(bytes1 domain, bytes32 parent, bytes32 left, bytes32 right) internal view returns (bool) {
        return hashNode(domain, left, right) == parent;
    }

    /// @notice Root of the tree over `nodes` (padded with zero leaves to a power of two).
    /// Overwrites `nodes`. An empty list has root zero.
    function rootInPlace(bytes1 domain, bytes32[] memory nodes) internal view returns (bytes32) {
        uint256 n = nodes.length;
        if (n == 0) return bytes32(0);
        bytes32 zero; // hash of a padding subtree of the current height
        while (n > 1) {
            uint256 parents = (n + 1) / 2;
            for (uint256 i; i < parents; ++i) {
                bytes32 right = 2 * i + 1 < n ? nodes[2 * i + 1] : zero;
                nodes[i] = hashNode(domain, nodes[2 * i], right);
            }
            zero = hashNode(domain, zero, zero);
            n = parents;
        }
        return nodes[0];
    }
}
