// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOneStepVerifier} from "./IOneStepVerifier.sol";
import {LibOneStep} from "./LibOneStep.sol";
import {LibOpDescriptor} from "./LibOpDescriptor.sol";
import {LibStepBinding, StepProof} from "./LibStepBinding.sol";
import {LeafProof, OpHeader, Operand} from "./VerifierTypes.sol";

/// @title OneStepVerifier
/// @notice Stateless one-step verifier: proof binding (LibStepBinding) then the element's
/// arithmetic (LibOneStep), which reads every element from the proven leaves. See IOneStepVerifier and docs/one-step-verifier.md.
contract OneStepVerifier is IOneStepVerifier {
    /// @inheritdoc IOneStepVerifier
    function verifyStep(
        bytes calldata descriptor,
        uint256 index,
        bytes32[] calldata tensorHashes,
        StepProof calldata proof
    ) external view returns (int256) {
        StepProof memory p = proof;
        Operand[] memory operands = LibStepBinding.bind(tensorHashes, p);
        return LibOneStep.computeElement(descriptor, index, operands, p.leaves);
    }

    /// @inheritdoc IOneStepVerifier
    function computeElement(
        bytes calldata descriptor,
        uint256 index,
        Operand[] calldata operands,
        LeafProof[] calldata leaves
    ) external pure returns (int256) {
        return LibOneStep.computeElement(descriptor, index, operands, leaves);
    }

    /// @inheritdoc IOneStepVerifier
    function describe(bytes calldata descriptor)
        external
        pure
        returns (uint256 kind, uint256[] memory outShape, int256[] memory refs)
    {
        OpHeader memory h = LibOpDescriptor.decodeHeader(descriptor);
        return (h.kind, h.outShape, h.refs);
    }
}
