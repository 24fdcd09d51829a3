// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {CommitRootMismatch} from "../../src/lib/CommitErrors.sol";
import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {LeafProof, StepProof} from "../../src/verifier/LibStepBinding.sol";
import {
    BindingOperandCount,
    BindingTensorHashMismatch,
    ReadLeafMissing,
    ReadLeafOperand
} from "../../src/verifier/VerifierErrors.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";
import {StepProofBuilder} from "./StepProofBuilder.sol";

/// @notice Proof binding (LibStepBinding via OneStepVerifier.verifyStep) on the representative
/// steps of test/fixtures/verifier/gas.json (every MNIST op plus one step of each other kind,
/// operand data included): honest proofs verify and give the TS value; a changed value in a leaf,
/// a wrong header, a leaf of another operand or position, or a missing leaf are each refused.
contract StepBindingTest is Test {
    OneStepVerifier internal verifier;
    string internal json;

    /// gas.json case 2: MNIST conv2 (8 input channels x 3x3).
    uint256 internal constant CONV2 = 2;

    function setUp() public {
        verifier = new OneStepVerifier();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/verifier/gas.json"));
    }

    function _load(uint256 i)
        internal
        view
        returns (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof)
    {
        string memory p = string.concat(".cases[", vm.toString(i), "]");
        s = VerifierFixtureCodec.decode(vm.parseJsonBytes(json, string.concat(p, ".step")));
        bytes[] memory data = vm.parseJsonBytesArray(json, string.concat(p, ".data"));
        (hashes, proof) = StepProofBuilder.build(s, data);
    }

    function _verify(FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) internal view returns (int256) {
        return verifier.verifyStep(s.descriptor, s.index, hashes, proof);
    }

    function test_verifyStep_everyGasCase_succeeds() public view {
        uint256 n = vm.parseJsonUint(json, ".count");
        for (uint256 i; i < n; ++i) {
            (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(i);
            assertEq(_verify(s, hashes, proof), s.expected, string.concat("gas case ", vm.toString(i)));
        }
    }

    function test_verifyStep_changedValueInLeaf_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // The first input element (read 1), changed in its leaf: the path no longer leads to the root.
        LeafProof memory lp = _leafOf(s, proof, 1);
        uint256 offset = s.reads[1].index % LEAF_SIZE;
        lp.leaf[offset] = bytes1(uint8(lp.leaf[offset]) ^ 1);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        _verify(s, hashes, proof);
    }

    /// @dev The supplied leaf holding read `r`'s element.
    function _leafOf(FixtureStep memory s, StepProof memory proof, uint256 r) internal pure returns (LeafProof memory) {
        uint256 op = s.reads[r].operand;
        uint256 leafIndex = s.reads[r].index * (s.operands[op].dtype == 2 ? 4 : 1) / LEAF_SIZE;
        for (uint256 l; l < proof.leaves.length; ++l) {
            if (proof.leaves[l].operand == op && proof.leaves[l].leafIndex == leafIndex) return proof.leaves[l];
        }
        revert("no leaf");
    }

    function test_verifyStep_wrongShapeHeader_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Claim the input is [1, 8, 196, 1]: same bytes, same root, another tensor hash.
        proof.openings[0].shape[2] = 196;
        proof.openings[0].shape[3] = 1;
        vm.expectPartialRevert(BindingTensorHashMismatch.selector);
        _verify(s, hashes, proof);
    }

    function test_verifyStep_wrongDtypeHeader_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        proof.openings[2].dtype = 1; // bias opened as int8
        vm.expectPartialRevert(BindingTensorHashMismatch.selector);
        _verify(s, hashes, proof);
    }

    function test_verifyStep_otherOperandsHash_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // The game supplies the multipliers' hash where the bias belongs.
        hashes[2] = hashes[3];
        vm.expectPartialRevert(BindingTensorHashMismatch.selector);
        _verify(s, hashes, proof);
    }

    function test_verifyStep_missingOpening_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        bytes32[] memory fewer = new bytes32[](4);
        for (uint256 i; i < 4; ++i) fewer[i] = hashes[i];
        vm.expectRevert(abi.encodeWithSelector(BindingOperandCount.selector, 4, 5));
        _verify(s, fewer, proof);
    }

    function test_verifyStep_leafOfUnknownOperand_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        proof.leaves[0].operand = 5; // conv has operands 0..4
        vm.expectRevert(abi.encodeWithSelector(ReadLeafOperand.selector, 0, 5));
        _verify(s, hashes, proof);
    }

    function test_verifyStep_leafRelabelledAsAnotherOperand_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // The first input leaf presented as the weights' leaf of the same index.
        LeafProof memory lp = _leafOf(s, proof, 1);
        lp.operand = 1;
        vm.expectPartialRevert(CommitRootMismatch.selector);
        _verify(s, hashes, proof);
    }

    function test_verifyStep_missingLeaf_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Drop the leaf of read 1: the verifier's loop needs its element and no leaf holds it.
        LeafProof memory needed = _leafOf(s, proof, 1);
        uint256 n = proof.leaves.length;
        LeafProof[] memory fewer = new LeafProof[](n - 1);
        uint256 k;
        for (uint256 l; l < n; ++l) {
            if (proof.leaves[l].operand == needed.operand && proof.leaves[l].leafIndex == needed.leafIndex) continue;
            fewer[k++] = proof.leaves[l];
        }
        proof.leaves = fewer;
        vm.expectRevert(abi.encodeWithSelector(ReadLeafMissing.selector, needed.operand, needed.leafIndex));
        _verify(s, hashes, proof);
    }

    function test_verifyStep_leafAtAnotherIndex_reverts() public {
        // gas.json case 5: MNIST fc1, input [1, 784] (4 leaves). The input's leaf 0 presented as
        // leaf 1: its path does not fit that position.
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(5);
        LeafProof memory lp = _leafOf(s, proof, 1);
        assertEq(lp.leafIndex, 0);
        lp.leafIndex = 1;
        vm.expectPartialRevert(CommitRootMismatch.selector);
        _verify(s, hashes, proof);
    }

    function test_verifyStep_extraProvenLeaf_succeeds() public view {
        // Leaves the step does not read cost the prover gas but change nothing.
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        uint256 n = proof.leaves.length;
        LeafProof[] memory more = new LeafProof[](n + 1);
        for (uint256 l; l < n; ++l) more[l] = proof.leaves[l];
        more[n] = proof.leaves[0];
        proof.leaves = more;
        assertEq(_verify(s, hashes, proof), s.expected);
    }
}
