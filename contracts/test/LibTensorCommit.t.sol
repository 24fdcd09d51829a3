// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {CommitHarness} from "./harness/CommitHarness.sol";
import {DTYPE_INT8, DTYPE_INT32, LEAF_SIZE} from "../src/lib/CommitConstants.sol";
import {
    CommitBadLeafSize,
    CommitDimTooLarge,
    CommitElementOutOfRange,
    CommitLeafLength,
    CommitLeafOutOfRange,
    CommitLeafPaddingNotZero,
    CommitProofLength,
    CommitRankTooLarge,
    CommitRootMismatch,
    CommitUnknownDtype
} from "../src/lib/CommitErrors.sol";

contract LibTensorCommitTest is Test {
    CommitHarness internal h;

    function setUp() public {
        h = new CommitHarness();
    }

    function _data(uint256 seed, uint256 len) internal pure returns (bytes memory data) {
        data = new bytes(len);
        for (uint256 i; i < len; i += 32) {
            bytes32 w = keccak256(abi.encode(seed, i));
            for (uint256 b; b < 32 && i + b < len; ++b) data[i + b] = w[b];
        }
    }

    struct Case {
        bytes data;
        uint8 dtype;
        uint256 count;
        uint256 index;
        bytes32 root;
        bytes leaf;
        bytes32[] siblings;
    }

    function _case(uint256 seed, bool wide, uint256 count, uint256 index) internal view returns (Case memory c) {
        c.dtype = wide ? DTYPE_INT32 : DTYPE_INT8;
        uint256 size = wide ? 4 : 1;
        c.count = count;
        c.index = index;
        c.data = _data(seed, count * size);
        bytes32[][] memory levels = MerkleBuilder.tensorLevels(c.data);
        c.root = levels[levels.length - 1][0];
        uint256 leafIndex = index * size / LEAF_SIZE;
        c.leaf = MerkleBuilder.leafAt(c.data, leafIndex);
        c.siblings = MerkleBuilder.proof(levels, leafIndex);
    }

    function _expected(Case memory c) internal pure returns (int256) {
        if (c.dtype == DTYPE_INT8) return int256(int8(uint8(c.data[c.index])));
        uint256 o = 4 * c.index;
        uint32 u = uint32(uint8(c.data[o])) | uint32(uint8(c.data[o + 1])) << 8 | uint32(uint8(c.data[o + 2])) << 16
            | uint32(uint8(c.data[o + 3])) << 24;
        return int256(int32(u));
    }

    // ------------------------------------------------------------------ hashTensor

    function test_hashTensor_layout_succeeds() public view {
        uint256[] memory shape = new uint256[](2);
        shape[0] = 2;
        shape[1] = 3;
        bytes32 root = bytes32(uint256(0xab));
        bytes memory pre = abi.encodePacked(bytes1(0x02), uint8(2), uint8(2), uint32(2), uint32(3), root);
        assertEq(h.hashTensor(DTYPE_INT32, shape, root), sha256(pre));
    }

    function test_hashTensor_scalar_succeeds() public view {
        bytes32 root = keccak256("r");
        assertEq(h.hashTensor(DTYPE_INT8, new uint256[](0), root), sha256(abi.encodePacked(hex"020100", root)));
    }

    function test_hashTensor_dtypeAndShapeBind_succeeds() public view {
        uint256[] memory a = new uint256[](1);
        a[0] = 6;
        uint256[] memory b = new uint256[](2);
        b[0] = 2;
        b[1] = 3;
        bytes32 root = keccak256("r");
        assertNotEq(h.hashTensor(DTYPE_INT8, a, root), h.hashTensor(DTYPE_INT8, b, root));
        assertNotEq(h.hashTensor(DTYPE_INT8, a, root), h.hashTensor(DTYPE_INT32, a, root));
    }

    function test_hashTensor_unknownDtype_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(CommitUnknownDtype.selector, 3));
        h.hashTensor(3, new uint256[](0), bytes32(0));
    }

    function test_hashTensor_rankTooLarge_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(CommitRankTooLarge.selector, 256));
        h.hashTensor(DTYPE_INT8, new uint256[](256), bytes32(0));
    }

    function test_hashTensor_dimTooLarge_reverts() public {
        uint256[] memory shape = new uint256[](2);
        shape[1] = 1 << 32;
        vm.expectRevert(abi.encodeWithSelector(CommitDimTooLarge.selector, 1, 1 << 32));
        h.hashTensor(DTYPE_INT8, shape, bytes32(0));
    }

    // ------------------------------------------------------------------ readElement

    function test_readElement_signExtends_succeeds() public view {
        bytes memory leaf = new bytes(LEAF_SIZE);
        leaf[0] = 0xff;
        leaf[4] = 0xfe;
        leaf[5] = 0xff;
        leaf[6] = 0xff;
        leaf[7] = 0xff;
        leaf[8] = 0x78;
        leaf[9] = 0x56;
        leaf[10] = 0x34;
        leaf[11] = 0x12;
        assertEq(h.readElement(leaf, DTYPE_INT8, 0), -1);
        assertEq(h.readElement(leaf, DTYPE_INT32, 4), -2);
        assertEq(h.readElement(leaf, DTYPE_INT32, 8), 0x12345678);
    }

    function test_readElement_pastLeafEnd_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(CommitLeafLength.selector, LEAF_SIZE, LEAF_SIZE + 2));
        h.readElement(new bytes(LEAF_SIZE), DTYPE_INT32, LEAF_SIZE - 2);
    }

    // ------------------------------------------------------------------ rootOfPacked

    function test_rootOfPacked_empty_succeeds() public view {
        assertEq(h.rootOfPacked(""), sha256(abi.encodePacked(bytes1(0x00), new bytes(LEAF_SIZE))));
    }

    function testFuzz_rootOfPacked_matchesBuilder_succeeds(uint256 seed, uint256 len) public view {
        len = bound(len, 0, 5 * LEAF_SIZE + 3);
        bytes memory data = _data(seed, len);
        bytes32[][] memory levels = MerkleBuilder.tensorLevels(data);
        assertEq(h.rootOfPacked(data), levels[levels.length - 1][0]);
    }

    // ------------------------------------------------------------------ verifyElement

    function testFuzz_verifyElement_anyElement_succeeds(uint256 seed, bool wide, uint256 count, uint256 index)
        public
        view
    {
        count = bound(count, 1, wide ? 300 : 1100);
        index = bound(index, 0, count - 1);
        Case memory c = _case(seed, wide, count, index);
        int256 v = h.verifyElement(c.root, c.dtype, c.count, c.index, c.leaf, c.siblings);
        assertEq(v, _expected(c));
    }

    function testFuzz_verifyElement_tamperedLeaf_reverts(uint256 seed, bool wide, uint256 count, uint256 index, uint256 at)
        public
    {
        count = bound(count, 1, wide ? 300 : 1100);
        index = bound(index, 0, count - 1);
        Case memory c = _case(seed, wide, count, index);
        at = bound(at, 0, LEAF_SIZE - 1);
        c.leaf[at] = bytes1(uint8(c.leaf[at]) ^ 0x5a);
        // A padding byte is caught by the padding rule, a data byte by the root.
        uint256 leafIndex = c.index * (wide ? 4 : 1) / LEAF_SIZE;
        uint256 dataInLeaf = c.data.length - leafIndex * LEAF_SIZE;
        if (dataInLeaf < LEAF_SIZE && at >= dataInLeaf) {
            vm.expectRevert(abi.encodeWithSelector(CommitLeafPaddingNotZero.selector, leafIndex, dataInLeaf));
        } else {
            vm.expectPartialRevert(CommitRootMismatch.selector);
        }
        h.verifyElement(c.root, c.dtype, c.count, c.index, c.leaf, c.siblings);
    }

    function testFuzz_verifyElement_tamperedSibling_reverts(uint256 seed, uint256 index, uint256 which, bytes32 xor) public {
        vm.assume(xor != bytes32(0));
        Case memory c = _case(seed, false, 1000, bound(index, 0, 999));
        c.siblings[bound(which, 0, c.siblings.length - 1)] ^= xor;
        vm.expectPartialRevert(CommitRootMismatch.selector);
        h.verifyElement(c.root, c.dtype, c.count, c.index, c.leaf, c.siblings);
    }

    function testFuzz_verifyElement_elementInOtherLeaf_reverts(uint256 seed, uint256 index, uint256 other) public {
        Case memory c = _case(seed, true, 300, bound(index, 0, 299));
        other = bound(other, 0, 299);
        vm.assume(other * 4 / LEAF_SIZE != c.index * 4 / LEAF_SIZE);
        // Root mismatch, or the padding rule when `other` is in the last, partial leaf.
        vm.expectRevert();
        h.verifyElement(c.root, c.dtype, c.count, other, c.leaf, c.siblings);
    }

    function test_verifyElement_outOfRange_reverts() public {
        Case memory c = _case(1, false, 10, 3);
        vm.expectRevert(abi.encodeWithSelector(CommitElementOutOfRange.selector, 10, 10));
        h.verifyElement(c.root, c.dtype, c.count, 10, c.leaf, c.siblings);
    }

    function test_verifyElement_shortLeaf_reverts() public {
        Case memory c = _case(1, false, 10, 3);
        vm.expectRevert(abi.encodeWithSelector(CommitLeafLength.selector, 10, LEAF_SIZE));
        h.verifyElement(c.root, c.dtype, c.count, c.index, new bytes(10), c.siblings);
    }

    function test_verifyElement_extraSibling_reverts() public {
        Case memory c = _case(1, false, 300, 3);
        bytes32[] memory longer = new bytes32[](c.siblings.length + 1);
        for (uint256 i; i < c.siblings.length; ++i) longer[i] = c.siblings[i];
        vm.expectRevert(abi.encodeWithSelector(CommitProofLength.selector, longer.length, c.siblings.length));
        h.verifyElement(c.root, c.dtype, c.count, c.index, c.leaf, longer);
    }

    function test_verifyElement_nonZeroPadding_reverts() public {
        // LEAF_SIZE + 4 bytes: leaf 1 holds 4 data bytes, then padding.
        Case memory c = _case(1, true, LEAF_SIZE / 4 + 1, LEAF_SIZE / 4);
        c.leaf[LEAF_SIZE - 1] = 0x01;
        vm.expectRevert(abi.encodeWithSelector(CommitLeafPaddingNotZero.selector, 1, 4));
        h.verifyElement(c.root, c.dtype, c.count, c.index, c.leaf, c.siblings);
    }

    function test_verifyElement_wrongCountChangesDepth_reverts() public {
        Case memory c = _case(1, false, 100, 3);
        vm.expectRevert(abi.encodeWithSelector(CommitProofLength.selector, 0, 2));
        h.verifyElement(c.root, c.dtype, 4 * LEAF_SIZE, c.index, c.leaf, c.siblings);
    }

    function test_verifyElement_unknownDtype_reverts() public {
        Case memory c = _case(1, false, 10, 3);
        vm.expectRevert(abi.encodeWithSelector(CommitUnknownDtype.selector, 0));
        h.verifyElement(c.root, 0, c.count, c.index, c.leaf, c.siblings);
    }

    function test_verifyElementSized_badLeafSize_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(CommitBadLeafSize.selector, 48));
        h.verifyElementSized(48, bytes32(0), DTYPE_INT8, 1, 0, new bytes(48), new bytes32[](0));
    }

    // ------------------------------------------------------------------ verifyLeaf

    function testFuzz_verifyLeaf_thenReadRun_succeeds(uint256 seed, uint256 count, uint256 index) public view {
        count = bound(count, 3, 2000);
        index = bound(index, 0, count - 3);
        Case memory c = _case(seed, false, count, index);
        uint256 leafIndex = index / LEAF_SIZE;
        h.verifyLeaf(c.root, c.dtype, c.count, leafIndex, c.leaf, c.siblings);
        // A run of elements in the same leaf is read without further proofs.
        for (uint256 e = index; e < index + 3 && e / LEAF_SIZE == leafIndex; ++e) {
            assertEq(h.readElement(c.leaf, c.dtype, e % LEAF_SIZE), int256(int8(uint8(c.data[e]))));
        }
    }

    function test_verifyLeaf_paddingSlot_reverts() public {
        Case memory c = _case(1, false, 3 * LEAF_SIZE, 0); // 3 data leaves, slot 3 is padding
        vm.expectRevert(abi.encodeWithSelector(CommitLeafOutOfRange.selector, 3, 3));
        h.verifyLeaf(c.root, c.dtype, c.count, 3, c.leaf, c.siblings);
    }
}
