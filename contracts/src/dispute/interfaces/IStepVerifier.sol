// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the dispute game asks the one-step verifier: recompute one element of the
/// output of op `opIndex` (trace position inputCount + opIndex) of a registered model.
struct StepQuery {
    /// The model commitment (ModelRegistry): op descriptors are proven against opsRoot,
    /// weights/constants against constantsRoot.
    bytes32 opsRoot;
    bytes32 constantsRoot;
    uint256 opCount;
    uint256 constantCount;
    uint256 inputCount;
    uint256 traceLength;
    /// A trace root whose tensors at positions < inputCount + opIndex are AGREED by both
    /// parties (the game passes the worker's; the challenger's has the same left subtree).
    bytes32 traceRoot;
    uint256 opIndex;
    /// Row-major index of the element in the op's output tensor.
    uint256 elementIndex;
}

/// @title IStepVerifier
/// @notice The one narrow interface between the dispute game and the one-step verifier.
/// @dev An implementation MUST revert unless `proof` (its own encoding) proves:
///  - the op descriptor of op `opIndex` against `opsRoot` (opCount leaves, trace-tree rules,
///    leaf H(0x04 || descriptor bytes));
///  - every trace read against `traceRoot` at a position strictly below
///    inputCount + opIndex (only those are agreed), with traceLength from the query;
///  - every constant read against `constantsRoot`;
/// and MUST return the exact int8 value the runtime computes for the element. It must not
/// depend on anything the prover chooses beyond what those proofs bind.
interface IStepVerifier {
    function computeElement(StepQuery calldata query, bytes calldata proof) external view returns (int256 value);
}
