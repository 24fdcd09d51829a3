// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MerkleBuilder} from "./utils/MerkleBuilder.sol";
import {CommitHarness} from "./harness/CommitHarness.sol";
import {TRACE_NODE_DOMAIN} from "../src/lib/CommitConstants.sol";
import {CommitPositionOutOfRange, CommitProofLength, CommitRootMismatch} from "../src/lib/CommitErrors.sol";

contract LibTraceCommitTest is Test {
    CommitHarness internal h;

    function setUp() public {
        h = new CommitHarness();
    }

    function _trace(uint256 seed, uint256 n) internal view returns (bytes32[] memory hashes, bytes32[][] memory levels) {
        hashes = new bytes32[](n);
        for (uint256 i; i < n; ++i) hashes[i] = sha256(abi.encode(seed, i));
        levels = MerkleBuilder.build(TRACE_NODE_DOMAIN, hashes);
    }

    function testFuzz_traceRoot_matchesBuilder_succeeds(uint256 seed, uint256 n) public view {
        n = bound(n, 1, 40);
        (bytes32[] memory hashes, bytes32[][] memory levels) = _trace(seed, n);
        assertEq(h.traceRoot(hashes), levels[levels.length - 1][0]);
    }

    function testFuzz_verifyTensorInTrace_anyPosition_succeeds(uint256 seed, uint256 n, uint256 p) public view {
        n = bound(n, 1, 40);
        p = bound(p, 0, n - 1);
        (bytes32[] memory hashes, bytes32[][] memory levels) = _trace(seed, n);
        h.verifyTensorInTrace(levels[levels.length - 1][0], n, p, hashes[p], MerkleBuilder.proof(levels, p));
    }

    function testFuzz_verifyTensorInTrace_otherTensor_reverts(uint256 seed, uint256 n, uint256 p, uint256 q) public {
        n = bound(n, 2, 40);
        p = bound(p, 0, n - 1);
        q = bound(q, 0, n - 1);
        vm.assume(p != q);
        (bytes32[] memory hashes, bytes32[][] memory levels) = _trace(seed, n);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        h.verifyTensorInTrace(levels[levels.length - 1][0], n, p, hashes[q], MerkleBuilder.proof(levels, p));
    }

    function test_verifyTensorInTrace_positionPastLength_reverts() public {
        (bytes32[] memory hashes, bytes32[][] memory levels) = _trace(1, 5);
        bytes32[] memory proof = MerkleBuilder.proof(levels, 4);
        vm.expectRevert(abi.encodeWithSelector(CommitPositionOutOfRange.selector, 4, 4));
        h.verifyTensorInTrace(levels[levels.length - 1][0], 4, 4, hashes[4], proof);
    }

    function test_verifyTensorInTrace_wrongLength_reverts() public {
        (bytes32[] memory hashes, bytes32[][] memory levels) = _trace(1, 5);
        bytes32[] memory proof = MerkleBuilder.proof(levels, 1);
        vm.expectRevert(abi.encodeWithSelector(CommitProofLength.selector, 3, 4));
        h.verifyTensorInTrace(levels[levels.length - 1][0], 9, 1, hashes[1], proof);
    }
}
