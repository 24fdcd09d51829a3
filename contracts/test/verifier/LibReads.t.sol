// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {Run} from "../../src/verifier/LibReads.sol";
import {ReadIndexOutOfRange, ReadLeafMissing} from "../../src/verifier/VerifierErrors.sol";
import {LeafProof, Operand} from "../../src/verifier/VerifierTypes.sol";
import {VerifierHarness} from "./VerifierHarness.sol";

/// @notice LibReads.dot (the runs of fc, matmul and conv rows) reads exactly the elements and
/// values that one take() per element reads, wherever its runs cross leaf boundaries: two int8
/// operands of 4 and 3 leaves of pseudo-random bytes, any bases, strides, zero points and length.
contract LibReadsTest is Test {
    VerifierHarness internal h;

    function setUp() public {
        h = new VerifierHarness();
    }

    function _operands(uint256 countA, uint256 countB) internal pure returns (Operand[] memory ops) {
        ops = new Operand[](2);
        ops[0] = Operand({dtype: 1, shape: new uint256[](1)});
        ops[0].shape[0] = countA;
        ops[1] = Operand({dtype: 1, shape: new uint256[](1)});
        ops[1].shape[0] = countB;
    }

    /// @dev Every leaf of both operands, the second operand's first (lookups must find them in any order).
    function _leaves(uint256 seed, uint256 leavesA, uint256 leavesB) internal pure returns (LeafProof[] memory ls) {
        ls = new LeafProof[](leavesA + leavesB);
        for (uint256 i; i < ls.length; ++i) {
            (uint256 operand, uint256 leafIndex) = i < leavesB ? (1, i) : (0, i - leavesB);
            bytes memory leaf = new bytes(LEAF_SIZE);
            for (uint256 o; o < LEAF_SIZE; ++o) leaf[o] = bytes1(uint8(uint256(keccak256(abi.encode(seed, operand, leafIndex, o)))));
            ls[i] = LeafProof({operand: operand, leafIndex: leafIndex, leaf: leaf, siblings: new bytes32[](0)});
        }
    }

    uint256 internal constant COUNT_A = 4 * LEAF_SIZE;
    uint256 internal constant COUNT_B = 3 * LEAF_SIZE - 17;

    function testFuzz_dot_equalsTakes(uint256 seed, uint256 aBase, uint256 aStride, uint256 bBase, uint256 bStride, uint256 k, int8 aZp, int8 bZp)
        public
        view
    {
        Run memory a = Run({operand: 0, base: aBase, stride: bound(aStride, 1, 5), zeroPoint: aZp});
        Run memory b = Run({operand: 1, base: bBase, stride: bound(bStride, 1, 5), zeroPoint: bZp});
        k = bound(k, 1, 150);
        // Keep both runs inside their operands.
        k = _fit(a, COUNT_A, _fit(b, COUNT_B, k));
        a.base = bound(a.base, 0, COUNT_A - 1 - (k - 1) * a.stride);
        b.base = bound(b.base, 0, COUNT_B - 1 - (k - 1) * b.stride);
        (int256 dot, int256 takes) = h.dotAndTakes(_leaves(seed, 4, 3), _operands(COUNT_A, COUNT_B), a, b, k);
        assertEq(dot, takes);
    }

    /// @dev The largest length <= k whose run of stride r.stride fits in `count` elements.
    function _fit(Run memory r, uint256 count, uint256 k) internal pure returns (uint256) {
        uint256 most = (count - 1) / r.stride + 1;
        return k < most ? k : most;
    }

    /// @dev Runs that cross leaves at different taps (fc with K = 600 at output column 1).
    function test_dot_misalignedCrossings_succeeds() public view {
        (int256 dot, int256 takes) = h.dotAndTakes(
            _leaves(7, 4, 3),
            _operands(COUNT_A, COUNT_B),
            Run({operand: 0, base: 5, stride: 1, zeroPoint: -3}),
            Run({operand: 1, base: 100, stride: 1, zeroPoint: 0}),
            600
        );
        assertEq(dot, takes);
    }

    function test_dot_pastOperandEnd_reverts() public {
        // The run's last element, 300 + 499, lies past operand 1's 751 elements.
        vm.expectRevert(abi.encodeWithSelector(ReadIndexOutOfRange.selector, 1, 799, 751));
        h.dotAndTakes(
            _leaves(7, 4, 3),
            _operands(COUNT_A, COUNT_B),
            Run({operand: 0, base: 0, stride: 1, zeroPoint: 0}),
            Run({operand: 1, base: 300, stride: 1, zeroPoint: 0}),
            500
        );
    }

    function test_dot_missingLeaf_reverts() public {
        LeafProof[] memory all = _leaves(7, 4, 3);
        // Drop operand 0's leaf 2 (position 3 + 2).
        LeafProof[] memory fewer = new LeafProof[](all.length - 1);
        for (uint256 i; i < fewer.length; ++i) fewer[i] = all[i < 5 ? i : i + 1];
        vm.expectRevert(abi.encodeWithSelector(ReadLeafMissing.selector, 0, 2));
        h.dotAndTakes(
            fewer,
            _operands(COUNT_A, COUNT_B),
            Run({operand: 0, base: 0, stride: 1, zeroPoint: 0}),
            Run({operand: 1, base: 0, stride: 1, zeroPoint: 0}),
            700
        );
    }
}
