// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStepVerifier, StepQuery} from "../dispute/interfaces/IStepVerifier.sol";
import {LibTraceCommit} from "../lib/LibTraceCommit.sol";
import {LibOneStep} from "./LibOneStep.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibStepBinding, StepProof} from "./LibStepBinding.sol";
import {StepOperandNotAgreed, StepOperandProofCount} from "./VerifierErrors.sol";
import {OpHeader, Operand} from "./VerifierTypes.sol";

/// @notice What a prover sends DisputeGame.step (abi-encoded): the op's descriptor and its path
/// in opsRoot, each operand's tensor hash and its path (in the agreed trace for a value ref, in
/// constantsRoot for a constant), and the step proof (operand openings and the proven leaves
/// every element the step reads is taken from).
struct ModelStepProof {
    bytes descriptor;
    bytes32[] descriptorSiblings;
    bytes32[] tensorHashes;
    bytes32[][] tensorSiblings;
    StepProof step;
}

/// @title ModelStepVerifier
/// @notice IStepVerifier (the dispute game's one narrow interface) for registered models: proves
/// the op descriptor against the model's opsRoot, every operand's tensor hash against the agreed
/// trace (value refs, positions below inputCount + opIndex only) or the model's constantsRoot
/// (constant refs), then proves the operand leaves against those tensors and recomputes the
/// element from them
/// (LibStepBinding, LibOneStep). Every bad proof reverts.
contract ModelStepVerifier is IStepVerifier {
    /// @dev Op leaf preimage domain: opLeaf = H(0x04 || descriptor bytes) (docs/model-format.md).
    bytes1 internal constant OP_LEAF_DOMAIN = 0x04;

    /// @inheritdoc IStepVerifier
    function computeElement(StepQuery calldata query, bytes calldata proof) external view returns (int256 value) {
        ModelStepProof memory p = abi.decode(proof, (ModelStepProof));
        // The descriptor is op `opIndex` of the registered model (op leaves follow trace-tree rules).
        LibTraceCommit.verifyTensorInTrace(
            query.opsRoot, query.opCount, query.opIndex, sha256(bytes.concat(OP_LEAF_DOMAIN, p.descriptor)), p.descriptorSiblings
        );
        OpHeader memory h = LibOpDescriptor.decodeHeader(p.descriptor);
        _proveOperands(query, h.refs, p.tensorHashes, p.tensorSiblings);
        Operand[] memory operands = LibStepBinding.bind(p.tensorHashes, p.step);
        return LibOneStep.computeElement(p.descriptor, query.elementIndex, operands, p.step.leaves);
    }

    /// @dev Each operand's tensor hash is the one its ref names: trace value v (agreed positions
    /// only) or model constant c = -1 - ref.
    function _proveOperands(
        StepQuery calldata query,
        int256[] memory refs,
        bytes32[] memory tensorHashes,
        bytes32[][] memory tensorSiblings
    ) private view {
        uint256 n = refs.length;
        // INVARIANT: one tensor hash and one path per operand.
        if (tensorHashes.length != n || tensorSiblings.length != n) {
            revert StepOperandProofCount(n, tensorHashes.length, tensorSiblings.length);
        }
        uint256 agreed = query.inputCount + query.opIndex;
        for (uint256 s; s < n; ++s) {
            int256 ref = refs[s];
            if (ref >= 0) {
                // INVARIANT: only trace tensors before the disputed op's output are agreed.
                if (uint256(ref) >= agreed) revert StepOperandNotAgreed(s, uint256(ref), agreed);
                LibTraceCommit.verifyTensorInTrace(
                    query.traceRoot, query.traceLength, uint256(ref), tensorHashes[s], tensorSiblings[s]
                );
            } else {
                // ref >= INT32_MIN (decodeHeader), so -1 - ref cannot overflow.
                LibTraceCommit.verifyTensorInTrace(
                    query.constantsRoot, query.constantCount, uint256(-1 - ref), tensorHashes[s], tensorSiblings[s]
                );
            }
        }
    }
}
