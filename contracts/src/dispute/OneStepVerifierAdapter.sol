// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibTraceCommit} from "../lib/LibTraceCommit.sol";
import {IOneStepVerifier} from "../verifier/IOneStepVerifier.sol";
import {StepProof} from "../verifier/LibStepBinding.sol";
import {IStepVerifier, StepQuery} from "./interfaces/IStepVerifier.sol";

/// @notice What a prover submits to DisputeGame.step, abi-encoded, when the game runs on
/// OneStepVerifierAdapter.
struct StepWitness {
    /// The op's descriptor bytes (32-byte words), proven against opsRoot at opIndex.
    bytes descriptor;
    bytes32[] opProof;
    /// One tensor hash per operand (refs, then constant fields, in descriptor order).
    bytes32[] tensorHashes;
    /// Per operand: trace siblings (a trace value) or constants-tree siblings (a constant).
    bytes32[][] tensorProofs;
    /// Openings, leaves and reads for the real verifier (docs/one-step-verifier.md).
    StepProof step;
}

/// @notice An operand reads a trace tensor that is not agreed (at or after the disputed one).
error StepReadNotAgreed(uint256 operand, uint256 value, uint256 firstDisputed);
/// @notice The witness does not give one tensor hash and one proof per operand.
error StepOperandCount(uint256 operands, uint256 hashes, uint256 proofs);

/// @title OneStepVerifierAdapter
/// @notice Binds the real one-step verifier (src/verifier, IOneStepVerifier) to the game's
/// narrow IStepVerifier: proves the op descriptor against opsRoot, every operand's tensor
/// hash against the agreed part of the trace (positions < inputCount + opIndex) or against
/// constantsRoot, then lets the verifier prove the reads and recompute the element.
contract OneStepVerifierAdapter is IStepVerifier {
    bytes1 private constant _OP_LEAF_DOMAIN = 0x04;

    IOneStepVerifier private immutable _verifier;

    constructor(IOneStepVerifier verifier_) {
        _verifier = verifier_;
    }

    /// @inheritdoc IStepVerifier
    function computeElement(StepQuery calldata q, bytes calldata proof) external view returns (int256) {
        StepWitness memory w = abi.decode(proof, (StepWitness));
        bytes32 opLeaf = sha256(abi.encodePacked(_OP_LEAF_DOMAIN, w.descriptor));
        // INVARIANT: The op is the model's op at opIndex.
        LibTraceCommit.verifyTensorInTrace(q.opsRoot, q.opCount, q.opIndex, opLeaf, w.opProof);
        (,, int256[] memory refs) = _verifier.describe(w.descriptor);
        uint256 n = refs.length;
        // INVARIANT: Every operand has its tensor hash and its proof.
        if (w.tensorHashes.length != n || w.tensorProofs.length != n) {
            revert StepOperandCount(n, w.tensorHashes.length, w.tensorProofs.length);
        }
        uint256 firstDisputed = q.inputCount + q.opIndex;
        for (uint256 s; s < n; ++s) {
            int256 r = refs[s];
            if (r >= 0) {
                // INVARIANT: Trace reads come only from tensors both parties agree on.
                if (uint256(r) >= firstDisputed) revert StepReadNotAgreed(s, uint256(r), firstDisputed);
                LibTraceCommit.verifyTensorInTrace(
                    q.traceRoot, q.traceLength, uint256(r), w.tensorHashes[s], w.tensorProofs[s]
                );
            } else {
                // INVARIANT: Weights come from the registered model, never from a party.
                LibTraceCommit.verifyTensorInTrace(
                    q.constantsRoot, q.constantCount, uint256(-1 - r), w.tensorHashes[s], w.tensorProofs[s]
                );
            }
        }
        return _verifier.verifyStep(w.descriptor, q.elementIndex, w.tensorHashes, w.step);
    }
}
