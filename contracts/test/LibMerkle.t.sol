// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {CommitHarness} from "./harness/CommitHarness.sol";
import {NODE_DOMAIN, TRACE_NODE_DOMAIN} from "../src/lib/CommitConstants.sol";
import {CommitIndexOutOfRange, CommitProofLength, CommitRootMismatch} from "../src/lib/CommitErrors.sol";
import {LibMerkle} from "../src/lib/LibMerkle.sol";

contract LibMerkleTest is Test {
    CommitHarness internal h;

    function setUp() public {
        h = new CommitHarness();
    }

    function _leaves(uint256 seed, uint256 n) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) leaves[i] = keccak256(abi.encode(seed, i));
    }

    function test_hashNode_matchesPackedSha256_succeeds() public view {
        bytes32 l = keccak256("l");
        bytes32 r = keccak256("r");
        assertEq(h.hashNode(NODE_DOMAIN, l, r), sha256(abi.encodePacked(bytes1(0x01), l, r)));
        assertEq(h.hashNode(TRACE_NODE_DOMAIN, l, r), sha256(abi.encodePacked(bytes1(0x03), l, r)));
    }

    function test_hashLeaf_prefixesDomain_succeeds() public view {
        bytes memory leaf = new bytes(128);
        leaf[5] = 0x07;
        assertEq(h.hashLeaf(leaf), sha256(abi.encodePacked(bytes1(0x00), leaf)));
    }

    function test_zeroHash_heights_succeeds() public view {
        assertEq(h.zeroHash(NODE_DOMAIN, 0), bytes32(0));
        bytes32 z1 = sha256(abi.encodePacked(bytes1(0x01), bytes32(0), bytes32(0)));
        assertEq(h.zeroHash(NODE_DOMAIN, 1), z1);
        assertEq(h.zeroHash(NODE_DOMAIN, 2), sha256(abi.encodePacked(bytes1(0x01), z1, z1)));
        assertNotEq(h.zeroHash(TRACE_NODE_DOMAIN, 1), z1);
    }

    function test_depthOf_powersOfTwo_succeeds() public pure {
        assertEq(LibMerkle.depthOf(0), 0);
        assertEq(LibMerkle.depthOf(1), 0);
        assertEq(LibMerkle.depthOf(2), 1);
        assertEq(LibMerkle.depthOf(3), 2);
        assertEq(LibMerkle.depthOf(4), 2);
        assertEq(LibMerkle.depthOf(5), 3);
        assertEq(LibMerkle.depthOf(1 << 20), 20);
        assertEq(LibMerkle.depthOf((1 << 20) + 1), 21);
    }

    function test_computeRoot_indexTooLarge_reverts() public {
        bytes32[] memory siblings = new bytes32[](2);
        vm.expectRevert(abi.encodeWithSelector(CommitIndexOutOfRange.selector, 4, 2));
        h.computeRoot(NODE_DOMAIN, bytes32(0), 4, siblings);
    }

    function test_verifyNode_wrongSiblingCount_reverts() public {
        bytes32[] memory siblings = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(CommitProofLength.selector, 1, 2));
        h.verifyNode(NODE_DOMAIN, bytes32(0), 2, 0, bytes32(0), siblings);
    }

    function test_verifyNode_root_succeeds() public view {
        bytes32 root = keccak256("root");
        h.verifyNode(NODE_DOMAIN, root, 0, 0, root, new bytes32[](0));
    }

    function test_rootInPlace_matchesPaddedBuild_succeeds() public view {
        for (uint256 n = 1; n <= 9; ++n) {
            bytes32[] memory leaves = _leaves(n, n);
            bytes32[][] memory levels = MerkleBuilder.build(NODE_DOMAIN, leaves);
            assertEq(LibMerkle.rootInPlace(NODE_DOMAIN, _leaves(n, n)), levels[levels.length - 1][0]);
        }
    }

    /// Every node at every level proves against the root; its children hash to it.
    function testFuzz_verifyNode_anyNode_succeeds(uint256 seed, uint256 n, uint256 level, uint256 index) public view {
        n = bound(n, 1, 70);
        bytes32[][] memory levels = MerkleBuilder.build(NODE_DOMAIN, _leaves(seed, n));
        uint256 depth = levels.length - 1;
        bytes32 root = levels[depth][0];
        level = bound(level, 0, depth);
        index = bound(index, 0, (uint256(1) << level) - 1);
        uint256 height = depth - level;
        bytes32[] memory siblings = new bytes32[](level);
        uint256 i = index;
        for (uint256 k; k < level; ++k) {
            siblings[k] = levels[height + k][i ^ 1];
            i >>= 1;
        }
        h.verifyNode(NODE_DOMAIN, root, level, index, levels[height][index], siblings);
        if (height > 0) {
            bytes32 left = levels[height - 1][2 * index];
            bytes32 right = levels[height - 1][2 * index + 1];
            assertTrue(LibMerkle.isParentOf(NODE_DOMAIN, levels[height][index], left, right));
        }
    }

    function testFuzz_verifyNode_tamperedSibling_reverts(uint256 seed, uint256 n, uint256 index, uint256 which, bytes32 xor)
        public
    {
        vm.assume(xor != bytes32(0));
        n = bound(n, 2, 70);
        bytes32[][] memory levels = MerkleBuilder.build(NODE_DOMAIN, _leaves(seed, n));
        uint256 depth = levels.length - 1;
        index = bound(index, 0, n - 1);
        bytes32[] memory siblings = MerkleBuilder.proof(levels, index);
        siblings[bound(which, 0, depth - 1)] ^= xor;
        vm.expectPartialRevert(CommitRootMismatch.selector);
        h.verifyNode(NODE_DOMAIN, levels[depth][0], depth, index, levels[0][index], siblings);
    }

    function testFuzz_verifyNode_wrongDomain_reverts(uint256 seed, uint256 n, uint256 index) public {
        n = bound(n, 2, 40);
        bytes32[][] memory levels = MerkleBuilder.build(NODE_DOMAIN, _leaves(seed, n));
        uint256 depth = levels.length - 1;
        index = bound(index, 0, n - 1);
        bytes32[] memory siblings = MerkleBuilder.proof(levels, index);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        h.verifyNode(TRACE_NODE_DOMAIN, levels[depth][0], depth, index, levels[0][index], siblings);
    }
}
