// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepProof} from "./LibStepBinding.sol";
import {LeafProof, Operand} from "./VerifierTypes.sol";

/// @title IOneStepVerifier
/// @notice What a dispute game calls once bisection has narrowed a dispute to one output
/// element of one op (docs/one-step-verifier.md).
interface IOneStepVerifier {
    /// @notice Output element `index` of the op `descriptor` encodes (opDescriptor bytes, proven
    /// against the model's opsRoot by the caller), reading every element from leaves proven
    /// against the operands' committed tensor hashes (`tensorHashes[s]` for operand s, refs then constants in descriptor order,
    /// proven by the caller against the agreed trace or the model's constantsRoot). Reverts on
    /// any bad proof, read or descriptor; a game treats a revert as the prover's failure.
    function verifyStep(
        bytes calldata descriptor,
        uint256 index,
        bytes32[] calldata tensorHashes,
        StepProof calldata proof
    ) external view returns (int256);

    /// @notice The arithmetic alone, leaves taken as given (no proofs; `siblings` ignored).
    function computeElement(
        bytes calldata descriptor,
        uint256 index,
        Operand[] calldata operands,
        LeafProof[] calldata leaves
    ) external pure returns (int256);

    /// @notice Kind, output shape and operand refs (value v >= 0, constant c as -1 - c) of a
    /// descriptor: which tensor hash a game must supply for each operand.
    function describe(bytes calldata descriptor)
        external
        pure
        returns (uint256 kind, uint256[] memory outShape, int256[] memory refs);
}
