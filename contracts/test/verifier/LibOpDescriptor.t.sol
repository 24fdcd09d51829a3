// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {VerifierHarness} from "./VerifierHarness.sol";
import {OpHeader} from "../../src/verifier/VerifierTypes.sol";
import {
    DescriptorBadPerm,
    DescriptorByteLength,
    DescriptorUnknownKind,
    DescriptorWordCount,
    DescriptorWordRange
} from "../../src/verifier/VerifierErrors.sol";

/// @notice Descriptor decoding and validation (docs/model-format.md). Known-good descriptors are
/// those of the differential fixtures; here: a hand-written conv, and each way a descriptor is refused.
contract LibOpDescriptorTest is Test {
    VerifierHarness internal h;

    function setUp() public {
        h = new VerifierHarness();
    }

    /// MNIST conv2 ([1, 16, 14, 14] from value 2, constants 4..7, 3x3, pads 1, identity depth):
    /// the words opDescriptor writes for models/mnist-cnn.vouch op 2.
    function _conv() internal pure returns (int256[] memory w) {
        int256[30] memory a = [
            int256(1), 4, 1, 16, 14, 14, // kind, rank, out shape
            2, -5, -6, -7, -8, // input value 2; weights, bias, multipliers, shifts = constants 4..7
            -128, -128, -128, 127, 1, // inputZp, outputZp, actMin, actMax, group
            3, 3, 1, 1, 1, 1, 1, 1, 1, 1, // kernel, strides, pads, dilations
            1, 1, 0, 0 // depth kernel, stride, padBegin, padEnd (dilation appended below)
        ];
        w = new int256[](31);
        for (uint256 i; i < 30; ++i) w[i] = a[i];
        w[30] = 1;
    }

    function _bytes(int256[] memory w) internal pure returns (bytes memory) {
        return abi.encodePacked(w);
    }

    function test_decodeHeader_conv_succeeds() public view {
        OpHeader memory hd = h.decodeHeader(_bytes(_conv()));
        assertEq(hd.kind, 1);
        assertEq(hd.outShape.length, 4);
        assertEq(hd.outShape[1], 16);
        assertEq(hd.refs.length, 5);
        assertEq(hd.refs[0], 2);
        assertEq(hd.refs[1], -5);
        assertEq(hd.paramsAt, 11);
        assertEq(h.convGroup(_bytes(_conv())), 1);
    }

    function test_decodeHeader_partialWord_reverts() public {
        bytes memory d = bytes.concat(_bytes(_conv()), hex"00");
        vm.expectRevert(abi.encodeWithSelector(DescriptorByteLength.selector, d.length));
        h.decodeHeader(d);
    }

    function test_decodeHeader_tooShort_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DescriptorByteLength.selector, 32));
        h.decodeHeader(abi.encodePacked(int256(1)));
    }

    function test_decodeHeader_unknownKind_reverts() public {
        int256[] memory w = _conv();
        w[0] = 12;
        vm.expectRevert(abi.encodeWithSelector(DescriptorUnknownKind.selector, int256(12)));
        h.decodeHeader(_bytes(w));
        w[0] = 0;
        vm.expectRevert(abi.encodeWithSelector(DescriptorUnknownKind.selector, int256(0)));
        h.decodeHeader(_bytes(w));
    }

    function test_decodeHeader_wordCount_reverts() public {
        int256[] memory w = _conv();
        int256[] memory shorter = new int256[](w.length - 5); // a descriptor from before the depth axis
        for (uint256 i; i < shorter.length; ++i) shorter[i] = w[i];
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordCount.selector, 1, shorter.length, w.length));
        h.decodeHeader(_bytes(shorter));
    }

    function test_decodeHeader_wordNotInt32_reverts() public {
        int256[] memory w = _conv();
        w[20] = int256(1) << 31;
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 20, w[20], -2147483648, 2147483647));
        h.decodeHeader(_bytes(w));
    }

    function test_decodeHeader_constantFieldIsValue_reverts() public {
        int256[] memory w = _conv();
        w[7] = 4; // weights must be a constant (-1 - c)
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 7, int256(4), -2147483648, int256(-1)));
        h.decodeHeader(_bytes(w));
    }

    function test_decodeHeader_zeroDim_reverts() public {
        int256[] memory w = _conv();
        w[3] = 0;
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 3, int256(0), int256(1), int256(2147483647)));
        h.decodeHeader(_bytes(w));
    }

    function test_convParams_zeroPointRange_reverts() public {
        int256[] memory w = _conv();
        w[11] = 128;
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 11, int256(128), int256(-128), int256(127)));
        h.convGroup(_bytes(w));
    }

    function test_convParams_actMinAboveActMax_reverts() public {
        int256[] memory w = _conv();
        (w[13], w[14]) = (10, 9);
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 14, int256(9), int256(10), int256(127)));
        h.convGroup(_bytes(w));
    }

    function test_convParams_zeroStride_reverts() public {
        int256[] memory w = _conv();
        w[18] = 0;
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordRange.selector, 18, int256(0), int256(1), int256(65535)));
        h.convGroup(_bytes(w));
    }

    function _transpose(int256 p0, int256 p1, int256 p2) internal pure returns (bytes memory) {
        int256[] memory w = new int256[](10);
        (w[0], w[1], w[2], w[3], w[4], w[5]) = (11, 3, 2, 3, 4, 0);
        (w[6], w[7], w[8], w[9]) = (3, p0, p1, p2);
        return _bytes(w);
    }

    function test_transposePerm_permutation_succeeds() public view {
        uint256[] memory perm = h.transposePerm(_transpose(2, 0, 1));
        assertEq(perm.length, 3);
        assertEq(perm[0], 2);
        assertEq(perm[2], 1);
    }

    function test_transposePerm_repeatedAxis_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DescriptorBadPerm.selector, 8, int256(0)));
        h.transposePerm(_transpose(0, 0, 1));
    }

    function test_transposePerm_axisOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DescriptorBadPerm.selector, 9, int256(3)));
        h.transposePerm(_transpose(0, 1, 3));
    }

    function test_decodeHeader_transposeLengthWord_reverts() public {
        bytes memory d = _transpose(0, 1, 2);
        // Claim a 4-axis perm: the descriptor is one word short.
        assembly ("memory-safe") {
            mstore(add(d, add(0x20, mul(6, 0x20))), 4)
        }
        vm.expectRevert(abi.encodeWithSelector(DescriptorWordCount.selector, 11, 10, 11));
        h.decodeHeader(d);
    }
}
