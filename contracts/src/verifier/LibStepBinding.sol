// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibTensorCommit} from "../lib/LibTensorCommit.sol";
import {LibReads} from "./LibReads.sol";
import {BindingOperandCount, BindingTensorHashMismatch, ReadLeafOperand} from "./VerifierErrors.sol";
import {LeafProof, Operand} from "./VerifierTypes.sol";

/// @notice The prover's opening of an operand's tensor hash: H(0x02 || dtype || rank || dims || root).
struct OperandOpening {
    uint8 dtype;
    uint256[] shape;
    bytes32 root;
}

/// @notice What a prover supplies for one step: openings of each operand's tensor hash and the
/// proven leaves holding every element the step reads (one per distinct operand leaf).
struct StepProof {
    OperandOpening[] openings;
    LeafProof[] leaves;
}

/// @title LibStepBinding
/// @notice Binds a step's leaves to committed tensors: each operand's opened header must hash to
/// the tensor hash the game knows for it (so dtype and shape come from the commitment), and each
/// leaf proof must verify against that operand's root. The arithmetic then reads every element
/// from these leaves (LibReads), so every value it uses is a committed element.
library LibStepBinding {
    /// @notice Verifies openings and leaves; returns the operands (dtype, shape) the arithmetic may trust.
    function bind(bytes32[] memory tensorHashes, StepProof memory proof) internal view returns (Operand[] memory operands) {
        OperandOpening[] memory openings = proof.openings;
        LeafProof[] memory leaves = proof.leaves;
        uint256 n = openings.length;
        // INVARIANT: one opening per committed operand.
        if (tensorHashes.length != n) revert BindingOperandCount(tensorHashes.length, n);
        operands = new Operand[](n);
        uint256[] memory counts = new uint256[](n);
        for (uint256 s; s < n; ++s) {
            OperandOpening memory o = openings[s];
            bytes32 computed = LibTensorCommit.hashTensor(o.dtype, o.shape, o.root);
            // INVARIANT: the opened dtype, shape and root are the committed tensor's.
            if (computed != tensorHashes[s]) revert BindingTensorHashMismatch(s, tensorHashes[s], computed);
            operands[s] = Operand({dtype: o.dtype, shape: o.shape});
            counts[s] = LibReads.elementCount(o.shape);
        }
        for (uint256 l; l < leaves.length; ++l) {
            LeafProof memory lp = leaves[l];
            // INVARIANT: a leaf belongs to one of the step's operands.
            if (lp.operand >= n) revert ReadLeafOperand(l, lp.operand);
            OperandOpening memory o = openings[lp.operand];
            // INVARIANT: the leaf is the committed one (length, index below the data leaf count,
            // zero padding bytes, path to the operand's root).
            LibTensorCommit.verifyLeaf(o.root, o.dtype, counts[lp.operand], lp.leafIndex, lp.leaf, lp.siblings);
        }
    }
}
