// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {
    IModelRegistry,
    ModelCommitment,
    ModelIdMismatch,
    ModelAlreadyRegistered,
    ModelNotRegistered,
    ModelNoOps,
    ModelBadIoWords,
    ModelOutputNotLast,
    ModelEmptyFile,
    ModelBadInputCount,
    ModelBadCanon,
    ModelNotFloat
} from "./IModelRegistry.sol";

/// @title ModelRegistry
/// @notice Registers model commitments so that a dispute can prove op descriptors against
/// `opsRoot` and weights against `constantsRoot`. Registration is permissionless: a model id
/// is a commitment, and it is accepted only if it recomputes from the parts exactly as
/// docs/model-format.md defines:
///   ioHash  = H(0x05 || ioWords as 32-byte big-endian words)
///   modelId = H(0x06 || ioHash || opsRoot || constantsRoot || u32be(opCount) || u32be(constantCount))
/// The io words are parsed for the trace geometry (input count; the output must be the
/// last trace tensor), so the trace length of every claim comes from here, never from a prover.
/// Float ONNX models (verified by sampling with quorum escalation, never bisected) register
/// the whole file: modelId = H(0x07 || file bytes), src/commit/floatModelId.ts.
contract ModelRegistry is IModelRegistry {
    bytes1 private constant _IO_DOMAIN = 0x05;
    bytes1 private constant _MODEL_DOMAIN = 0x06;
    bytes1 private constant _FLOAT_DOMAIN = 0x07;
    /// Most inputs a float model may declare (a claim proves each one: bounded calldata).
    uint32 public constant MAX_FLOAT_INPUTS = 64;

    mapping(bytes32 modelId => ModelCommitment) private _models;
    /// Float models only: their canonicalisation code (never 0 for a float model).
    mapping(bytes32 modelId => uint16) private _floatCanons;

    /// @notice Registers the model whose id is computed from the parts; returns that id.
    /// @param expectedModelId The id the caller means (e.g. the one in the .vouch file).
    /// @param ioWords The model's io words (model-format.md: ioWords).
    function register(
        bytes32 expectedModelId,
        int256[] calldata ioWords,
        bytes32 opsRoot,
        bytes32 constantsRoot,
        uint32 opCount,
        uint32 constantCount
    ) external returns (bytes32 modelId) {
        // INVARIANT: A model has at least one op, so a trace has an input and an output.
        if (opCount == 0) revert ModelNoOps();
        bytes32 ioHash = sha256(abi.encodePacked(_IO_DOMAIN, ioWords));
        modelId = sha256(abi.encodePacked(_MODEL_DOMAIN, ioHash, opsRoot, constantsRoot, opCount, constantCount));
        // INVARIANT: The id is the commitment to exactly these parts.
        if (modelId != expectedModelId) revert ModelIdMismatch(expectedModelId, modelId);
        // INVARIANT: A model id is registered once (its parts can never change).
        if (_models[modelId].registeredAt != 0) revert ModelAlreadyRegistered(modelId);
        uint32 inputCount = _parseInputCount(ioWords, opCount);
        _models[modelId] = ModelCommitment({
            opsRoot: opsRoot,
            constantsRoot: constantsRoot,
            opCount: opCount,
            constantCount: constantCount,
            inputCount: inputCount,
            traceLength: inputCount + opCount,
            registeredAt: uint64(block.timestamp)
        });
        emit ModelRegistered(modelId, msg.sender, ioHash, opsRoot, constantsRoot, opCount, constantCount, inputCount);
    }

    /// @notice Registers a float ONNX model from its file: the id is computed here, so nobody can
    /// register an id without its file, and the domain byte 0x07 keeps it apart from every
    /// int8 id (0x06). `canonCode` (quorum-canonical.md: kind << 8 | k) fixes what a claim's
    /// output hash and an escalation quorum's result hash are computed under.
    /// @dev The file travels as calldata: 16 gas per non-zero byte (40 under EIP-7623's floor),
    /// so about 8.5M gas for a 210 KB file; see docs/contracts.md for the size limits.
    function registerFloat(bytes calldata onnx, uint32 inputCount, uint16 canonCode)
        external
        returns (bytes32 modelId)
    {
        // INVARIANT: A model file is not empty.
        if (onnx.length == 0) revert ModelEmptyFile();
        // INVARIANT: A float model has 1..MAX_FLOAT_INPUTS inputs.
        if (inputCount == 0 || inputCount > MAX_FLOAT_INPUTS) revert ModelBadInputCount(inputCount, MAX_FLOAT_INPUTS);
        uint256 kind = canonCode >> 8;
        uint256 k = canonCode & 0xff;
        // INVARIANT: A real canonicalisation (as QuorumTasks.registerCanonicalisation accepts).
        if (kind == 0 || kind > 4 || (kind == 3 ? k > 22 : k != 0)) revert ModelBadCanon(canonCode);
        modelId = sha256(abi.encodePacked(_FLOAT_DOMAIN, onnx));
        // INVARIANT: A model id is registered once (its file and rule can never change).
        if (_models[modelId].registeredAt != 0) revert ModelAlreadyRegistered(modelId);
        _models[modelId] = ModelCommitment({
            opsRoot: bytes32(0),
            constantsRoot: bytes32(0),
            opCount: 0,
            constantCount: 0,
            inputCount: inputCount,
            traceLength: inputCount + 1,
            registeredAt: uint64(block.timestamp)
        });
        _floatCanons[modelId] = canonCode;
        emit FloatModelRegistered(modelId, msg.sender, inputCount, canonCode, onnx.length);
    }

    // ================================================================ views

    function isFloat(bytes32 modelId) public view returns (bool) {
        return _floatCanons[modelId] != 0;
    }

    function floatCanonOf(bytes32 modelId) external view returns (uint16 code) {
        code = _floatCanons[modelId];
        // INVARIANT: Only float models have a canonicalisation here.
        if (code == 0) revert ModelNotFloat(modelId);
    }

    function modelOf(bytes32 modelId) external view returns (ModelCommitment memory m) {
        m = _models[modelId];
        // INVARIANT: Only registered models are read.
        if (m.registeredAt == 0) revert ModelNotRegistered(modelId);
    }

    function traceGeometry(bytes32 modelId) external view returns (uint256 inputCount, uint256 traceLength) {
        ModelCommitment storage m = _models[modelId];
        // INVARIANT: Only registered models are read.
        if (m.registeredAt == 0) revert ModelNotRegistered(modelId);
        return (m.inputCount, m.traceLength);
    }

    function isRegistered(bytes32 modelId) external view returns (bool) {
        return _models[modelId].registeredAt != 0;
    }

    // ================================================================ internal

    /// @dev Walks [inputCount, outputCount, then per boundary: value, rank, shape..., zp, mult, exp].
    /// Inputs must be values 0..inputCount-1 in order (the trace starts with them) and the one
    /// output must be the last value (the claim's output is the trace's last leaf).
    function _parseInputCount(int256[] calldata w, uint32 opCount) private pure returns (uint32 inputCount) {
        // INVARIANT: The io words hold at least the two counts.
        if (w.length < 2) revert ModelBadIoWords(w.length, 0);
        // INVARIANT: A model has between 1 and 2^31 inputs.
        if (w[0] < 1 || w[0] > type(int32).max) revert ModelBadIoWords(0, w[0]);
        // INVARIANT: Exactly one output (Vouch's claim is one output tensor hash).
        if (w[1] != 1) revert ModelOutputNotLast(uint256(w[1] < 0 ? int256(0) : w[1]), -1, 0);
        inputCount = uint32(uint256(w[0]));
        uint256 lastValue = uint256(inputCount) + opCount - 1;
        uint256 p = 2;
        uint256 boundaries = uint256(inputCount) + 1;
        for (uint256 b; b < boundaries; ++b) {
            // INVARIANT: A boundary record has value, rank, rank dims and three quant words.
            if (p + 2 > w.length) revert ModelBadIoWords(p, 0);
            int256 value = w[p];
            int256 rank = w[p + 1];
            if (rank < 0 || rank > 255) revert ModelBadIoWords(p + 1, rank);
            if (b < inputCount) {
                // INVARIANT: Input b is trace tensor b.
                if (value != int256(b)) revert ModelBadIoWords(p, value);
            } else if (value != int256(lastValue)) {
                // INVARIANT: The output is the last trace tensor.
                revert ModelOutputNotLast(1, value, lastValue);
            }
            p += 2 + uint256(rank) + 3;
        }
        // INVARIANT: Nothing follows the last boundary record.
        if (p != w.length) revert ModelBadIoWords(p, 0);
    }
}
