// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {LeafProof, Operand} from "../../src/verifier/VerifierTypes.sol";
import {
    OperandCount,
    OperandDtype,
    OperandShapeMismatch,
    OutputIndexOutOfRange,
    ReadIndexOutOfRange,
    ReadLeafLength,
    ReadLeafMissing,
    ReadLeafOperand
} from "../../src/verifier/VerifierErrors.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";

/// @notice How computeElement (the arithmetic layer) reads, and its operand checks, on fixture
/// cases: every element comes from the supplied leaf holding it, and leaves that cannot hold the
/// elements the verifier's own loops need are refused.
contract OneStepVerifierTest is Test {
    OneStepVerifier internal verifier;

    function setUp() public {
        verifier = new OneStepVerifier();
    }

    function _case(string memory kind, uint256 i) internal view returns (FixtureStep memory) {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/verifier/", kind, ".json"));
        return VerifierFixtureCodec.decode(vm.parseJsonBytes(json, string.concat(".cases[", vm.toString(i), "]")));
    }

    function _compute(FixtureStep memory s) internal view returns (int256) {
        return verifier.computeElement(s.descriptor, s.index, s.operands, VerifierFixtureCodec.leavesOf(s));
    }

    function test_computeElement_fixtureCase_succeeds() public view {
        FixtureStep memory s = _case("conv", 0);
        assertEq(_compute(s), s.expected);
    }

    function test_computeElement_missingLeaf_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        LeafProof[] memory leaves = VerifierFixtureCodec.leavesOf(s);
        // Leaves are in first-use order: leaf 0 holds read 0, the bias (operand 2).
        LeafProof[] memory fewer = new LeafProof[](leaves.length - 1);
        for (uint256 i = 1; i < leaves.length; ++i) fewer[i - 1] = leaves[i];
        vm.expectRevert(abi.encodeWithSelector(ReadLeafMissing.selector, 2, leaves[0].leafIndex));
        verifier.computeElement(s.descriptor, s.index, s.operands, fewer);
    }

    function test_computeElement_shortLeaf_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        LeafProof[] memory leaves = VerifierFixtureCodec.leavesOf(s);
        leaves[1].leaf = new bytes(LEAF_SIZE - 1);
        vm.expectRevert(abi.encodeWithSelector(ReadLeafLength.selector, 1, LEAF_SIZE - 1));
        verifier.computeElement(s.descriptor, s.index, s.operands, leaves);
    }

    function test_computeElement_leafOfUnknownOperand_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        LeafProof[] memory leaves = VerifierFixtureCodec.leavesOf(s);
        leaves[1].operand = 5;
        vm.expectRevert(abi.encodeWithSelector(ReadLeafOperand.selector, 1, 5));
        verifier.computeElement(s.descriptor, s.index, s.operands, leaves);
    }

    function test_computeElement_readOutsideOperand_reverts() public {
        FixtureStep memory s = _case("reshape", 0);
        // Shrink the input so the element the loop needs no longer exists.
        uint256 idx = s.reads[0].index;
        s.operands[0].shape = new uint256[](1);
        s.operands[0].shape[0] = idx;
        // The reshape count check fires first; it names the input's count.
        vm.expectPartialRevert(OperandShapeMismatch.selector);
        _compute(s);
    }

    function test_computeElement_outputIndexOutOfRange_reverts() public {
        FixtureStep memory s = _case("lut", 0);
        uint256 count = 1;
        // lut descriptor: [6, 2, d0, d1, ...]
        count = uint256(_word(s.descriptor, 2)) * uint256(_word(s.descriptor, 3));
        s.index = count;
        vm.expectRevert(abi.encodeWithSelector(OutputIndexOutOfRange.selector, count, count));
        _compute(s);
    }

    function test_computeElement_operandCount_reverts() public {
        FixtureStep memory s = _case("fc", 0);
        LeafProof[] memory leaves = VerifierFixtureCodec.leavesOf(s);
        Operand[] memory fewer = new Operand[](4);
        for (uint256 i; i < 4; ++i) fewer[i] = s.operands[i];
        vm.expectRevert(abi.encodeWithSelector(OperandCount.selector, 2, 4, 5));
        verifier.computeElement(s.descriptor, s.index, fewer, leaves);
    }

    function test_computeElement_operandDtype_reverts() public {
        FixtureStep memory s = _case("fc", 0);
        s.operands[2].dtype = 1; // bias must be int32
        vm.expectRevert(abi.encodeWithSelector(OperandDtype.selector, 2, uint8(1), uint8(2)));
        _compute(s);
    }

    function test_computeElement_convWeightShape_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        s.operands[1].shape[0] += 1; // weights' output channels disagree with the output
        vm.expectPartialRevert(OperandShapeMismatch.selector);
        _compute(s);
    }

    function test_computeElement_lutIndexFromValue_succeeds() public view {
        // The table element the verifier reads is input + 128, taken from the input's leaf: with
        // the input changed in its leaf, the result is the table entry at the new index.
        FixtureStep memory s = _case("lut", 0);
        LeafProof[] memory leaves = VerifierFixtureCodec.leavesOf(s);
        // Leaves in first-use order: the input's (operand 0), then the table's (operand 1).
        uint256 offset = s.reads[0].index % LEAF_SIZE;
        int8 x = int8(uint8(leaves[0].leaf[offset]));
        int8 moved = x == 127 ? int8(126) : x + 1;
        leaves[0].leaf[offset] = bytes1(uint8(moved));
        int256 entry = int8(uint8(leaves[1].leaf[uint256(int256(moved) + 128)]));
        assertEq(verifier.computeElement(s.descriptor, s.index, s.operands, leaves), entry);
    }

    function test_computeElement_readIndexOutOfOperand_reverts() public {
        // lut [1, 4] over an input the commitment says has 2 elements: output 3 reads input 3.
        int256[] memory w = new int256[](6);
        (w[0], w[1], w[2], w[3], w[4], w[5]) = (6, 2, 1, 4, 0, -1);
        Operand[] memory ops = new Operand[](2);
        ops[0].dtype = 1;
        ops[0].shape = new uint256[](2);
        (ops[0].shape[0], ops[0].shape[1]) = (1, 2);
        ops[1].dtype = 1;
        ops[1].shape = new uint256[](1);
        ops[1].shape[0] = 256;
        LeafProof[] memory leaves = new LeafProof[](2);
        leaves[0] = LeafProof({operand: 0, leafIndex: 0, leaf: new bytes(LEAF_SIZE), siblings: new bytes32[](0)});
        leaves[1] = LeafProof({operand: 1, leafIndex: 0, leaf: new bytes(LEAF_SIZE), siblings: new bytes32[](0)});
        vm.expectRevert(abi.encodeWithSelector(ReadIndexOutOfRange.selector, 0, 3, 2));
        verifier.computeElement(abi.encodePacked(w), 3, ops, leaves);
        // The same step over a 4-element input is fine (a padding byte would have been read as 0).
        ops[0].shape[1] = 4;
        assertEq(verifier.computeElement(abi.encodePacked(w), 3, ops, leaves), 0);
    }

    function _word(bytes memory d, uint256 i) internal pure returns (int256 v) {
        assembly ("memory-safe") {
            v := mload(add(add(d, 0x20), mul(i, 0x20)))
        }
    }
}
