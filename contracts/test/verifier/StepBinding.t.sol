// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {CommitRootMismatch} from "../../src/lib/CommitErrors.sol";
import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {LeafProof, StepProof} from "../../src/verifier/LibStepBinding.sol";
import {
    BindingOperandCount,
    BindingReadLeaf,
    BindingReadValue,
    BindingTensorHashMismatch,
    ReadIndexMismatch,
    ReadIndexOutOfRange
} from "../../src/verifier/VerifierErrors.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";
import {StepProofBuilder} from "./StepProofBuilder.sol";

/// @notice Proof binding (LibStepBinding via OneStepVerifier.verifyStep) on the representative
/// steps of test/fixtures/verifier/gas.json (every MNIST op plus one step of each other kind,
/// operand data included): honest proofs verify and give the TS value; a wrong value, a tampered
/// leaf, a wrong header, a misdirected leaf pointer or a substituted element are each refused.
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

    function test_verifyStep_wrongValue_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Read 1: the first input element; its leaf proof is valid, the claimed value is not.
        int256 proven = proof.reads[1].value;
        int256 claimed = proven == 127 ? int256(126) : proven + 1;
        proof.reads[1].value = claimed;
        vm.expectRevert(abi.encodeWithSelector(BindingReadValue.selector, 1, claimed, proven));
        _verify(s, hashes, proof);
    }

    function test_verifyStep_tamperedLeaf_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Change the proven leaf itself (and the read to agree with it): the path no longer leads to the root.
        LeafProof memory lp = proof.leaves[proof.readLeaf[1]];
        uint256 offset = proof.reads[1].index % LEAF_SIZE;
        lp.leaf[offset] = bytes1(uint8(lp.leaf[offset]) ^ 1);
        proof.reads[1].value = int256(int8(uint8(lp.leaf[offset])));
        vm.expectPartialRevert(CommitRootMismatch.selector);
        _verify(s, hashes, proof);
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

    function test_verifyStep_leafOfAnotherOperand_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Point read 1 (an input element) at the weights' leaf (read 2's).
        uint256 target = proof.readLeaf[2];
        proof.readLeaf[1] = target;
        LeafProof memory lp = proof.leaves[target];
        vm.expectRevert(
            abi.encodeWithSelector(BindingReadLeaf.selector, 1, target, lp.operand, lp.leafIndex, proof.reads[1].index / LEAF_SIZE)
        );
        _verify(s, hashes, proof);
    }

    function test_verifyStep_substitutedElement_reverts() public {
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(CONV2);
        // Replace read 1 by another, correctly proven element of the same leaf: the proof binds,
        // but the verifier's loop asked for a different element.
        uint256 needed = proof.reads[1].index;
        uint256 other = needed % LEAF_SIZE == 0 ? needed + 1 : needed - 1;
        LeafProof memory lp = proof.leaves[proof.readLeaf[1]];
        proof.reads[1].index = other;
        proof.reads[1].value = int256(int8(uint8(lp.leaf[other % LEAF_SIZE])));
        vm.expectRevert(abi.encodeWithSelector(ReadIndexMismatch.selector, 1, other, needed));
        _verify(s, hashes, proof);
    }

    function test_verifyStep_paddingByteAsElement_reverts() public {
        // gas.json case 6: MNIST fc2 ([1, 64] input: one leaf, 192 zero padding bytes).
        (FixtureStep memory s, bytes32[] memory hashes, StepProof memory proof) = _load(6);
        proof.reads[1].index = 100; // a zero padding byte of the input's only leaf
        proof.reads[1].value = 0;
        vm.expectRevert(abi.encodeWithSelector(ReadIndexOutOfRange.selector, 1, 100, 64));
        _verify(s, hashes, proof);
    }
}
