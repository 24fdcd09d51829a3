// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibMerkle} from "../../src/lib/LibMerkle.sol";
import {LibTensorCommit} from "../../src/lib/LibTensorCommit.sol";
import {LibTraceCommit} from "../../src/lib/LibTraceCommit.sol";

/// @dev Exposes the commitment libraries as external calls: reverts become observable with
/// vm.expectRevert, and calldata-in calls are what gas measurements should see.
contract CommitHarness {
    function hashLeaf(bytes calldata leaf) external pure returns (bytes32) {
        return LibMerkle.hashLeaf(leaf);
    }

    function hashNode(bytes1 domain, bytes32 l, bytes32 r) external view returns (bytes32) {
        return LibMerkle.hashNode(domain, l, r);
    }

    function zeroHash(bytes1 domain, uint256 height) external view returns (bytes32) {
        return LibMerkle.zeroHash(domain, height);
    }

    function computeRoot(bytes1 domain, bytes32 node, uint256 index, bytes32[] calldata siblings)
        external
        view
        returns (bytes32)
    {
        return LibMerkle.computeRoot(domain, node, index, siblings);
    }

    function verifyNode(
        bytes1 domain,
        bytes32 root,
        uint256 level,
        uint256 index,
        bytes32 node,
        bytes32[] calldata siblings
    ) external view {
        LibMerkle.verifyNode(domain, root, level, index, node, siblings);
    }

    function hashTensor(uint8 dtype, uint256[] calldata shape, bytes32 root) external pure returns (bytes32) {
        return LibTensorCommit.hashTensor(dtype, shape, root);
    }

    function rootOfPacked(bytes calldata data) external view returns (bytes32) {
        return LibTensorCommit.rootOfPacked(data);
    }

    function readElement(bytes calldata leaf, uint8 dtype, uint256 offset) external pure returns (int256) {
        return LibTensorCommit.readElement(leaf, dtype, offset);
    }

    function verifyElement(
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 elementIndex,
        bytes calldata leaf,
        bytes32[] calldata siblings
    ) external view returns (int256) {
        return LibTensorCommit.verifyElement(root, dtype, count, elementIndex, leaf, siblings);
    }

    function verifyLeaf(
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 leafIndex,
        bytes calldata leaf,
        bytes32[] calldata siblings
    ) external view {
        LibTensorCommit.verifyLeaf(root, dtype, count, leafIndex, leaf, siblings);
    }

    function verifyElementSized(
        uint256 leafSize,
        bytes32 root,
        uint8 dtype,
        uint256 count,
        uint256 elementIndex,
        bytes calldata leaf,
        bytes32[] calldata siblings
    ) external view returns (int256) {
        return LibTensorCommit.verifyElementSized(leafSize, root, dtype, count, elementIndex, leaf, siblings);
    }

    function verifyTensorInTrace(
        bytes32 root,
        uint256 traceLength,
        uint256 position,
        bytes32 tensorHash,
        bytes32[] calldata siblings
    ) external view {
        LibTraceCommit.verifyTensorInTrace(root, traceLength, position, tensorHash, siblings);
    }

    function traceRoot(bytes32[] calldata tensorHashes) external view returns (bytes32) {
        return LibTraceCommit.traceRoot(tensorHashes);
    }

    /// @dev Same arguments as verifyElementSized, no work: the call and ABI-decoding baseline.
    function verifyElementNoop(
        uint256,
        bytes32,
        uint8,
        uint256,
        uint256,
        bytes calldata leaf,
        bytes32[] calldata siblings
    ) external pure returns (int256) {
        bytes memory l = leaf;
        bytes32[] memory s = siblings;
        return int256(l.length + s.length);
    }
}
