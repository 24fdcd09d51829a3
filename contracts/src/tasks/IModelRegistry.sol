// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A registered model commitment (docs/model-format.md), as disputes read it.
/// A float model (ModelRegistry.registerFloat) has opCount 0 (an int8 model has at least one
/// op), zero roots, and traceLength = inputCount + 1.
/// Storage layout (3 slots):
///
/// | slot | bits     | field         |
/// | ---- | -------- | ------------- |
/// | 0    | 0..255   | opsRoot       |
/// | 1    | 0..255   | constantsRoot |
/// | 2    | 0..31    | opCount       |
/// | 2    | 32..63   | constantCount |
/// | 2    | 64..95   | inputCount    |
/// | 2    | 96..127  | traceLength   |
/// | 2    | 128..191 | registeredAt  |
struct ModelCommitment {
    /// Merkle root (trace-tree rules) over H(0x04 || descriptor bytes) of each op.
    bytes32 opsRoot;
    /// Merkle root (trace-tree rules) over the constants' tensor hashes; zero if none.
    bytes32 constantsRoot;
    uint32 opCount;
    uint32 constantCount;
    /// The first `inputCount` trace tensors are the model's inputs, in order.
    uint32 inputCount;
    /// inputCount + opCount: the trace of one execution has exactly this many tensors, and
    /// its last tensor is the model's (single) output.
    uint32 traceLength;
    /// Zero means "not registered".
    uint64 registeredAt;
}

/// @notice The model id does not recompute from the parts given.
error ModelIdMismatch(bytes32 expected, bytes32 computed);
/// @notice The model is already registered.
error ModelAlreadyRegistered(bytes32 modelId);
/// @notice No model is registered under this id.
error ModelNotRegistered(bytes32 modelId);
/// @notice A model has at least one op (its output is an op's output).
error ModelNoOps();
/// @notice The io words are not [inputCount, outputCount, boundaries...] as model-format.md defines.
error ModelBadIoWords(uint256 wordIndex, int256 word);
/// @notice Vouch claims one output, the last trace tensor: the model must have exactly one
/// output and it must be value `expectedValue` (the last op's output).
error ModelOutputNotLast(uint256 outputCount, int256 outputValue, uint256 expectedValue);

/// @notice A float model file must hold at least one byte.
error ModelEmptyFile();
/// @notice A float model has between 1 and MAX_FLOAT_INPUTS inputs.
error ModelBadInputCount(uint256 inputCount, uint256 max);
/// @notice `code` is not a canonicalisation code of quorum-canonical.md (kind << 8 | k: kind
/// 1 exact, 2 top1, 3 round:k with k <= 22, 4 text; k = 0 unless round).
error ModelBadCanon(uint16 code);
/// @notice The model is not a float model (it is int8, or not registered).
error ModelNotFloat(bytes32 modelId);

/// @notice The read side of ModelRegistry: what Tasks and the dispute game call.
/// A float model (registerFloat) is a ModelCommitment with opCount 0, zero roots and
/// traceLength = inputCount + 1: its claim's "trace" is the input tensor hashes then one leaf,
/// the canonical result hash (docs/quorum.md "Float models in sampled mode").
interface IModelRegistry {
    event ModelRegistered(
        bytes32 indexed modelId,
        address indexed registrant,
        bytes32 ioHash,
        bytes32 opsRoot,
        bytes32 constantsRoot,
        uint32 opCount,
        uint32 constantCount,
        uint32 inputCount
    );

    event FloatModelRegistered(
        bytes32 indexed modelId, address indexed registrant, uint32 inputCount, uint16 canonCode, uint256 size
    );

    function modelOf(bytes32 modelId) external view returns (ModelCommitment memory);

    /// @notice True iff `modelId` is a registered float model (never bisected).
    function isFloat(bytes32 modelId) external view returns (bool);

    /// @notice The canonicalisation code (quorum-canonical.md: kind << 8 | k) a float model's
    /// results are hashed under, by workers' claims and by escalation quorums alike.
    function floatCanonOf(bytes32 modelId) external view returns (uint16);

    /// @notice The two numbers a claim is checked against, from one storage slot.
    function traceGeometry(bytes32 modelId) external view returns (uint256 inputCount, uint256 traceLength);

    function isRegistered(bytes32 modelId) external view returns (bool);
}
