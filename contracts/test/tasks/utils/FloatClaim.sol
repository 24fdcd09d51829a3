// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TRACE_NODE_DOMAIN} from "../../../src/lib/CommitConstants.sol";
import {ClaimProof} from "../../../src/tasks/ITasks.sol";
import {MerkleBuilder} from "../../utils/MerkleBuilder.sol";

/// @dev A float model's claim: the "trace" is (input tensor hash, canonical result hash), its
/// Merkle root built with the trace-tree rules (src/commit), so LibClaim.verifyTraceEnds
/// checks it unchanged.
library FloatClaim {
    function proof(bytes32 inputHash, bytes32 resultHash) internal view returns (ClaimProof memory c) {
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = inputHash;
        leaves[1] = resultHash;
        bytes32[][] memory levels = MerkleBuilder.build(TRACE_NODE_DOMAIN, leaves);
        c.outputHash = resultHash;
        c.traceRoot = levels[levels.length - 1][0];
        c.inputHashes = new bytes32[](1);
        c.inputHashes[0] = inputHash;
        c.inputProofs = new bytes32[][](1);
        c.inputProofs[0] = MerkleBuilder.proof(levels, 0);
        c.outputProof = MerkleBuilder.proof(levels, 1);
    }
}
