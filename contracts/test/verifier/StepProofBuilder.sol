// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {LibTensorCommit} from "../../src/lib/LibTensorCommit.sol";
import {LeafProof, OperandOpening, StepProof} from "../../src/verifier/LibStepBinding.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.sol";
import {FixtureStep} from "./VerifierFixtureCodec.sol";

/// @dev Test-only: commits a step's operands (packed little-endian data) and builds what an
/// honest prover sends: openings and one proof per distinct (operand, leaf) the reads lie in.
library StepProofBuilder {
    function build(FixtureStep memory s, bytes[] memory data)
        internal
        view
        returns (bytes32[] memory tensorHashes, StepProof memory proof)
    {
        uint256 n = s.operands.length;
        tensorHashes = new bytes32[](n);
        proof.openings = new OperandOpening[](n);
        bytes32[][][] memory levels = new bytes32[][][](n);
        for (uint256 i; i < n; ++i) {
            levels[i] = MerkleBuilder.tensorLevels(data[i]);
            bytes32 root = levels[i][levels[i].length - 1][0];
            proof.openings[i] = OperandOpening({dtype: s.operands[i].dtype, shape: s.operands[i].shape, root: root});
            tensorHashes[i] = LibTensorCommit.hashTensor(s.operands[i].dtype, s.operands[i].shape, root);
        }
        uint256 reads = s.reads.length;
        // Distinct (operand, leaf) pairs in first-use order.
        uint256[] memory keyOperand = new uint256[](reads);
        uint256[] memory keyLeaf = new uint256[](reads);
        uint256 distinct;
        for (uint256 r; r < reads; ++r) {
            uint256 op = s.reads[r].operand;
            uint256 leaf = s.reads[r].index * LibTensorCommit.elementSize(s.operands[op].dtype) / LEAF_SIZE;
            uint256 k;
            while (k < distinct && (keyOperand[k] != op || keyLeaf[k] != leaf)) ++k;
            if (k == distinct) {
                keyOperand[k] = op;
                keyLeaf[k] = leaf;
                ++distinct;
            }
        }
        proof.leaves = new LeafProof[](distinct);
        for (uint256 k; k < distinct; ++k) {
            proof.leaves[k] = LeafProof({
                operand: keyOperand[k],
                leafIndex: keyLeaf[k],
                leaf: MerkleBuilder.leafAt(data[keyOperand[k]], keyLeaf[k]),
                siblings: MerkleBuilder.proof(levels[keyOperand[k]], keyLeaf[k])
            });
        }
    }
}
