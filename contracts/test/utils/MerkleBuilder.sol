// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LEAF_SIZE, NODE_DOMAIN} from "../../src/lib/CommitConstants.sol";
import {LibMerkle} from "../../src/lib/LibMerkle.sol";

/// @dev Test-only tree builder (keeps every level) to make proofs inside forge tests.
library MerkleBuilder {
    /// levels[0] = leaf hashes (padding leaves included, width a power of two); last = [root].
    function build(bytes1 domain, bytes32[] memory leaves) internal view returns (bytes32[][] memory levels) {
        uint256 depth = LibMerkle.depthOf(leaves.length);
        levels = new bytes32[][](depth + 1);
        uint256 width = uint256(1) << depth;
        levels[0] = new bytes32[](width);
        for (uint256 i; i < leaves.length; ++i) levels[0][i] = leaves[i];
        for (uint256 h = 1; h <= depth; ++h) {
            width >>= 1;
            levels[h] = new bytes32[](width);
            for (uint256 i; i < width; ++i) {
                levels[h][i] = LibMerkle.hashNode(domain, levels[h - 1][2 * i], levels[h - 1][2 * i + 1]);
            }
        }
    }

    /// Siblings (bottom-up) of leaf `index`.
    function proof(bytes32[][] memory levels, uint256 index) internal pure returns (bytes32[] memory siblings) {
        siblings = new bytes32[](levels.length - 1);
        for (uint256 h; h < siblings.length; ++h) {
            siblings[h] = levels[h][index ^ 1];
            index >>= 1;
        }
    }

    /// Leaf i of packed data (zero-padded to LEAF_SIZE).
    function leafAt(bytes memory data, uint256 i) internal pure returns (bytes memory leaf) {
        leaf = new bytes(LEAF_SIZE);
        for (uint256 b; b < LEAF_SIZE && i * LEAF_SIZE + b < data.length; ++b) leaf[b] = data[i * LEAF_SIZE + b];
    }

    /// Tensor tree over packed data.
    function tensorLevels(bytes memory data) internal view returns (bytes32[][] memory) {
        uint256 n = data.length == 0 ? 1 : (data.length + LEAF_SIZE - 1) / LEAF_SIZE;
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) leaves[i] = LibMerkle.hashLeaf(leafAt(data, i));
        return build(NODE_DOMAIN, leaves);
    }
}
