// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {Operand, Read} from "../../src/verifier/VerifierTypes.sol";
import {
    OperandCount,
    OperandDtype,
    OperandShapeMismatch,
    OutputIndexOutOfRange,
    ReadIndexMismatch,
    ReadIndexOutOfRange,
    ReadOperandMismatch,
    ReadsExhausted,
    ReadsLeftOver,
    ReadValueRange
} from "../../src/verifier/VerifierErrors.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";

/// @notice The read protocol and operand checks of computeElement (the arithmetic layer), on
/// fixture cases: any deviation from the reads the verifier's own loops ask for is refused.
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
        return verifier.computeElement(s.descriptor, s.index, s.operands, s.reads);
    }

    function test_computeElement_fixtureCase_succeeds() public view {
        FixtureStep memory s = _case("conv", 0);
        assertEq(_compute(s), s.expected);
    }

    function test_computeElement_tamperedReadIndex_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        uint256 needed = s.reads[1].index;
        s.reads[1].index = needed + 1;
        vm.expectRevert(abi.encodeWithSelector(ReadIndexMismatch.selector, 1, needed + 1, needed));
        _compute(s);
    }

    function test_computeElement_tamperedReadOperand_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        // Read 0 is the bias (operand 2); claim it from the multipliers (operand 3).
        s.reads[0].operand = 3;
        vm.expectRevert(abi.encodeWithSelector(ReadOperandMismatch.selector, 0, 3, 2));
        _compute(s);
    }

    function test_computeElement_missingRead_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        uint256 n = s.reads.length;
        Read[] memory shorter = new Read[](n - 1);
        for (uint256 i; i < n - 1; ++i) shorter[i] = s.reads[i];
        s.reads = shorter;
        vm.expectRevert(abi.encodeWithSelector(ReadsExhausted.selector, n - 1));
        _compute(s);
    }

    function test_computeElement_extraRead_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        uint256 n = s.reads.length;
        Read[] memory longer = new Read[](n + 1);
        for (uint256 i; i < n; ++i) longer[i] = s.reads[i];
        longer[n] = s.reads[0];
        s.reads = longer;
        vm.expectRevert(abi.encodeWithSelector(ReadsLeftOver.selector, n, n + 1));
        _compute(s);
    }

    function test_computeElement_valueOutsideDtype_reverts() public {
        FixtureStep memory s = _case("conv", 0);
        // Read 1 is an int8 input element.
        s.reads[1].value = 128;
        vm.expectRevert(abi.encodeWithSelector(ReadValueRange.selector, 1, int256(128)));
        _compute(s);
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
        Operand[] memory fewer = new Operand[](4);
        for (uint256 i; i < 4; ++i) fewer[i] = s.operands[i];
        s.operands = fewer;
        vm.expectRevert(abi.encodeWithSelector(OperandCount.selector, 2, 4, 5));
        _compute(s);
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

    function test_computeElement_lutIndexFromValue_succeeds() public {
        // The table read's index is input + 128: changing the input value moves the index the
        // verifier asks for, so a prover cannot keep the table read and lie about the input.
        FixtureStep memory s = _case("lut", 0);
        int256 x = s.reads[0].value;
        s.reads[0].value = x == 127 ? int256(126) : x + 1;
        uint256 asked = uint256(s.reads[0].value + 128);
        vm.expectRevert(abi.encodeWithSelector(ReadIndexMismatch.selector, 1, s.reads[1].index, asked));
        _compute(s);
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
        Read[] memory reads = new Read[](2);
        reads[0] = Read({operand: 0, index: 3, value: 0});
        reads[1] = Read({operand: 1, index: 128, value: 0});
        vm.expectRevert(abi.encodeWithSelector(ReadIndexOutOfRange.selector, 0, 3, 2));
        verifier.computeElement(abi.encodePacked(w), 3, ops, reads);
        // The same step over a 4-element input is fine.
        ops[0].shape[1] = 4;
        assertEq(verifier.computeElement(abi.encodePacked(w), 3, ops, reads), 0);
    }

    function _word(bytes memory d, uint256 i) internal pure returns (int256 v) {
        assembly ("memory-safe") {
            v := mload(add(add(d, 0x20), mul(i, 0x20)))
        }
    }
}
