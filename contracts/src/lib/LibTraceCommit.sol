// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TRACE_NODE_DOMAIN} from "./CommitConstants.sol";
import {CommitPositionOutOfRange, CommitProofLength, CommitRootMismatch} from "./CommitErrors.sol";
import {LibMerkle} from "./LibMerkle.sol";

/// @title LibTraceCommit
/// @notice Trace commitments: a Merkle tree (inner domain 0x03, padding leaves zero) whose
/// leaves are the ordered tensor hashes of one execution. The trace length is fixed by the
/// registered model and is never taken from a prover.
library LibTraceCommit {
    /// @notice Depth of the trace tree of `traceLength` tensors.
    function traceDepth(uint256 traceLength) internal pure returns (uint256) {
        return LibMerkle.depthOf(traceLength);
    }

    /// @notice The trace root implied by `tensorHash` at `position` (no check against a root).
    function computeTraceRoot(uint256 traceLength, uint256 position, bytes32 tensorHash, bytes32[] memory siblings)
        internal
        view
        returns (bytes32)
    {
        // INVARIANT: the position holds a tensor of the model's trace, not padding.
        if (position >= traceLength) revert CommitPositionOutOfRange(position, traceLength);
        uint256 depth = LibMerkle.depthOf(traceLength);
        // INVARIANT: the proof climbs exactly the trace tree's depth.
        if (siblings.length != depth) revert CommitProofLength(siblings.length, depth);
        return LibMerkle.computeRoot(TRACE_NODE_DOMAIN, tensorHash, position, siblings);
    }

    /// @notice Reverts unless `tensorHash` is at `position` of the trace with trace root `root`.
    function verifyTensorInTrace(
        bytes32 root,
        uint256 traceLength,
        uint256 position,
        bytes32 tensorHash,
        bytes32[] memory siblings
    ) internal view {
        bytes32 computed = computeTraceRoot(traceLength, position, tensorHash, siblings);
        // INVARIANT: the tensor belongs to the committed trace.
        if (computed != root) revert CommitRootMismatch(root, computed);
    }

    /// @notice Trace root over the ordered tensor hashes (for small traces and tests).
    function traceRoot(bytes32[] memory tensorHashes) internal view returns (bytes32) {
        bytes32[] memory level = new bytes32[](tensorHashes.length);
        for (uint256 i; i < level.length; ++i) {
            level[i] = tensorHashes[i];
        }
        return LibMerkle.rootInPlace(TRACE_NODE_DOMAIN, level);
    }
}
