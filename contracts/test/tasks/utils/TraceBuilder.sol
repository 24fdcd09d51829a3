// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT8, TRACE_NODE_DOMAIN} from "../../../src/lib/CommitConstants.sol";
import {LibTensorCommit} from "../../../src/lib/LibTensorCommit.sol";
import {LibTraceCommit} from "../../../src/lib/LibTraceCommit.sol";
import {ClaimProof} from "../../../src/tasks/ITasks.sol";
import {MerkleBuilder} from "../../utils/MerkleBuilder.sol";

/// @dev A committed execution trace, built in Solidity (no TypeScript): every trace tensor is
/// int8 of shape [size]; tensors[p] is its packed data, tensorLevels[p] its tensor tree
/// (levels[0] = leaves, last = [root]), traceLevels the trace tree over the tensor hashes.
struct Trace {
    uint256 size;
    bytes[] tensors;
    bytes32[][][] tensorLevels;
    bytes32[] tensorHashes;
    bytes32[][] traceLevels;
    bytes32 root;
}

/// @dev The toy model used by the dispute tests: one input, `opCount` ops, every trace tensor
/// int8 [size], op j a "reshape" of value j whose output element e is toyValue(1 + j, e).
/// ToyStepVerifier recomputes exactly that, so an honest trace is honestTrace(...).
struct ToyModel {
    uint256 size;
    uint256 opCount;
    int256[][] descriptors;
    bytes32[] opLeaves;
    bytes32[][] opLevels;
    bytes32 opsRoot;
    int256[] ioWords;
    bytes32 modelId;
}

library TraceBuilder {
    /// @dev The toy model's semantics: element e of trace tensor p (p >= 1).
    function toyValue(uint256 position, uint256 element) internal pure returns (int8) {
        return int8(uint8(uint256(keccak256(abi.encode(position, element)))));
    }

    function toyModel(uint256 opCount, uint256 size) internal view returns (ToyModel memory m) {
        m.size = size;
        m.opCount = opCount;
        m.descriptors = new int256[][](opCount);
        m.opLeaves = new bytes32[](opCount);
        for (uint256 j; j < opCount; ++j) {
            int256[] memory d = new int256[](4);
            d[0] = 10; // reshape
            d[1] = 1; // out rank
            d[2] = int256(size);
            d[3] = int256(j); // input: value j
            m.descriptors[j] = d;
            m.opLeaves[j] = sha256(abi.encodePacked(bytes1(0x04), d));
        }
        m.opLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, m.opLeaves);
        m.opsRoot = LibTraceCommit.traceRoot(m.opLeaves);
        // [inputs 1, outputs 1, input: value 0 rank 1 [size] zp scale exp, output: value opCount ...]
        m.ioWords = new int256[](14);
        int256[14] memory w =
            [int256(1), 1, 0, 1, int256(size), 0, 1 << 30, 0, int256(opCount), 1, int256(size), 0, 1 << 30, 0];
        for (uint256 i; i < 14; ++i) m.ioWords[i] = w[i];
        bytes32 ioHash = sha256(abi.encodePacked(bytes1(0x05), m.ioWords));
        m.modelId =
            sha256(abi.encodePacked(bytes1(0x06), ioHash, m.opsRoot, bytes32(0), uint32(opCount), uint32(0)));
    }

    function opProof(ToyModel memory m, uint256 opIndex) internal pure returns (bytes32[] memory) {
        return MerkleBuilder.proof(m.opLevels, opIndex);
    }

    /// @dev Input data: bytes derived from `seed`.
    function inputData(uint256 size, uint256 seed) internal pure returns (bytes memory data) {
        data = new bytes(size);
        for (uint256 e; e < size; ++e) data[e] = bytes1(uint8(uint256(keccak256(abi.encode("in", seed, e)))));
    }

    /// @dev The honest tensors of the toy model on `input`.
    function honestTensors(ToyModel memory m, bytes memory input) internal pure returns (bytes[] memory t) {
        t = new bytes[](m.opCount + 1);
        t[0] = input;
        for (uint256 p = 1; p <= m.opCount; ++p) {
            bytes memory d = new bytes(m.size);
            for (uint256 e; e < m.size; ++e) d[e] = bytes1(uint8(toyValue(p, e)));
            t[p] = d;
        }
    }

    /// @dev A copy of `tensors` with element `element` of tensor `position` changed.
    function corrupt(bytes[] memory tensors, uint256 position, uint256 element, uint8 xorMask)
        internal
        pure
        returns (bytes[] memory out)
    {
        out = new bytes[](tensors.length);
        for (uint256 p; p < tensors.length; ++p) {
            out[p] = p == position ? bytes.concat(tensors[p]) : tensors[p];
        }
        out[position][element] = bytes1(uint8(out[position][element]) ^ (xorMask == 0 ? 1 : xorMask));
    }

    function build(uint256 size, bytes[] memory tensors) internal view returns (Trace memory tr) {
        tr.size = size;
        tr.tensors = tensors;
        uint256 n = tensors.length;
        tr.tensorLevels = new bytes32[][][](n);
        tr.tensorHashes = new bytes32[](n);
        uint256[] memory shape = new uint256[](1);
        shape[0] = size;
        for (uint256 p; p < n; ++p) {
            bytes32[][] memory levels = MerkleBuilder.tensorLevels(tensors[p]);
            tr.tensorLevels[p] = levels;
            tr.tensorHashes[p] = LibTensorCommit.hashTensor(DTYPE_INT8, shape, levels[levels.length - 1][0]);
        }
        tr.traceLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, tr.tensorHashes);
        tr.root = tr.traceLevels[tr.traceLevels.length - 1][0];
    }

    /// @dev Node (depth, index) of a tree given bottom-up levels.
    function nodeAt(bytes32[][] memory levels, uint256 depth, uint256 index) internal pure returns (bytes32) {
        return levels[levels.length - 1 - depth][index];
    }

    function traceChildren(Trace memory tr, uint256 depth, uint256 index)
        internal
        pure
        returns (bytes32 left, bytes32 right)
    {
        left = nodeAt(tr.traceLevels, depth + 1, 2 * index);
        right = nodeAt(tr.traceLevels, depth + 1, 2 * index + 1);
    }

    function tensorChildren(Trace memory tr, uint256 position, uint256 depth, uint256 index)
        internal
        pure
        returns (bytes32 left, bytes32 right)
    {
        left = nodeAt(tr.tensorLevels[position], depth + 1, 2 * index);
        right = nodeAt(tr.tensorLevels[position], depth + 1, 2 * index + 1);
    }

    function tensorRoot(Trace memory tr, uint256 position) internal pure returns (bytes32) {
        bytes32[][] memory levels = tr.tensorLevels[position];
        return levels[levels.length - 1][0];
    }

    function leaf(Trace memory tr, uint256 position, uint256 leafIndex) internal pure returns (bytes memory) {
        return MerkleBuilder.leafAt(tr.tensors[position], leafIndex);
    }

    /// @dev A claim (or counter-claim) of this trace: output = last tensor, one input.
    function claimProof(Trace memory tr) internal pure returns (ClaimProof memory c) {
        uint256 last = tr.tensors.length - 1;
        c.outputHash = tr.tensorHashes[last];
        c.traceRoot = tr.root;
        c.inputHashes = new bytes32[](1);
        c.inputHashes[0] = tr.tensorHashes[0];
        c.inputProofs = new bytes32[][](1);
        c.inputProofs[0] = MerkleBuilder.proof(tr.traceLevels, 0);
        c.outputProof = MerkleBuilder.proof(tr.traceLevels, last);
    }
}
