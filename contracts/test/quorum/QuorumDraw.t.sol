// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "./utils/QuorumFixture.sol";
import {QuorumState} from "../../src/quorum/IQuorumTasks.sol";

/// @notice What can be tested of the draw's randomness (docs/quorum.md "Randomness"): the seed
/// is a function of a block hash that does not exist when the task is created and of nothing the
/// requester chooses; the same seed always seats the same committee; a committee is distinct,
/// eligible pool members only; over many seeds every member is seated equally often.
contract QuorumDrawTest is QuorumFixture {
    event log_named_uint(string key, uint256 val);

    uint256 internal constant POOL = 10;

    function setUp() public {
        setUpQuorum(POOL);
    }

    function _isPoolMember(address a) internal view returns (bool) {
        for (uint256 i; i < pool.length; ++i) {
            if (pool[i] == a) return true;
        }
        return false;
    }

    function testFuzz_previewCommittee_sameSeedSameCommittee_succeeds(bytes32 seed, uint256 size) public view {
        size = 2 * bound(size, 0, (POOL - 1) / 2) + 1;
        address[] memory a = quorum.previewCommittee(seed, size, requester);
        address[] memory b = quorum.previewCommittee(seed, size, requester);
        assertEq(a.length, size);
        for (uint256 i; i < size; ++i) {
            assertEq(a[i], b[i], "same seed, same committee");
            assertTrue(_isPoolMember(a[i]), "only pool members");
            for (uint256 j; j < i; ++j) assertTrue(a[i] != a[j], "distinct members");
        }
    }

    /// Whatever the requester picks (inputs, fee, size), the committee is the one the hash of
    /// the draw block seeds: the requester's choices never enter the seed, and that block is in
    /// the future when the task is created.
    function testFuzz_drawCommittee_requesterCannotChoose_succeeds(bytes32 input, uint256 fee, bytes32 blockHash) public {
        vm.assume(blockHash != bytes32(0));
        fee = bound(fee, 1, 1_000e18);
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = input;
        vm.prank(requester);
        uint256 id = quorum.createTask(canonId, inputs, fee, 5, abi.encode(input));
        uint256 drawBlock = quorum.taskOf(id).drawBlock;
        assertTrue(drawBlock > block.number, "the seed block is after the creation block");
        address[] memory drawn = drawWith(id, blockHash);
        bytes32 seed = keccak256(abi.encode(blockHash, address(quorum), id));
        address[] memory expected = quorum.previewCommittee(seed, 5, requester);
        assertEq(drawn.length, 5);
        for (uint256 i; i < 5; ++i) assertEq(drawn[i], expected[i]);
    }

    /// One block hash, two tasks: the task id enters the seed, so each task gets the committee
    /// of its own seed (independent draws), even when both are drawn from the same block.
    function test_drawCommittee_differentTasksSameBlock_succeeds() public {
        uint256 a = createQuorumTask(3);
        uint256 b = createQuorumTask(3);
        bytes32 h = keccak256("one block");
        address[] memory ca = drawWith(a, h);
        address[] memory cb = drawWith(b, h);
        address[] memory ea = quorum.previewCommittee(keccak256(abi.encode(h, address(quorum), a)), 3, requester);
        address[] memory eb = quorum.previewCommittee(keccak256(abi.encode(h, address(quorum), b)), 3, requester);
        for (uint256 i; i < 3; ++i) {
            assertEq(ca[i], ea[i]);
            // Task a's seats committed stake, but every member still has spare reserve.
            assertEq(cb[i], eb[i]);
        }
    }

    /// 3,000 committees of 3 from 10 members: each member should sit 900 times. Chi-square over
    /// the 10 counts (9 degrees of freedom) must stay below 27.88 (p = 0.001), and every count
    /// within 10% of 900. The seeds are fixed (keccak of the index), so the test is deterministic;
    /// the tolerance is what a uniform draw passes 999 times in 1,000.
    function test_previewCommittee_uniformOverPool_succeeds() public {
        uint256 draws = 3_000;
        uint256 size = 3;
        uint256[] memory counts = new uint256[](POOL);
        for (uint256 k; k < draws; ++k) {
            address[] memory c = quorum.previewCommittee(keccak256(abi.encode("seed", k)), size, requester);
            for (uint256 i; i < size; ++i) {
                for (uint256 j; j < POOL; ++j) {
                    if (pool[j] == c[i]) ++counts[j];
                }
            }
        }
        uint256 expected = draws * size / POOL;
        // chi2 scaled by 100 to keep two decimals in integers.
        uint256 chi2x100;
        for (uint256 j; j < POOL; ++j) {
            uint256 d = counts[j] > expected ? counts[j] - expected : expected - counts[j];
            chi2x100 += d * d * 100 / expected;
            assertLe(d, expected / 10, "every member within 10% of its expected count");
        }
        emit log_named_uint("chi-square x100 (9 dof, limit 2788)", chi2x100);
        assertLt(chi2x100, 2_788);
    }

    /// The seat a member lands in is uniform too: position 0 of 2,000 committees of 5.
    function test_previewCommittee_firstSeatUniform_succeeds() public view {
        uint256 draws = 2_000;
        uint256[] memory counts = new uint256[](POOL);
        for (uint256 k; k < draws; ++k) {
            address first = quorum.previewCommittee(keccak256(abi.encode("first", k)), 5, requester)[0];
            for (uint256 j; j < POOL; ++j) {
                if (pool[j] == first) ++counts[j];
            }
        }
        uint256 chi2x100;
        for (uint256 j; j < POOL; ++j) {
            uint256 d = counts[j] > 200 ? counts[j] - 200 : 200 - counts[j];
            chi2x100 += d * d * 100 / 200;
        }
        assertLt(chi2x100, 2_788);
    }

    /// A member whose spare reserve is below one seat is never seated; the committee is still full.
    function test_previewCommittee_skipsIneligible_succeeds() public {
        address out = pool[3];
        vm.prank(out);
        quorum.releaseStake(RESERVE_SEATS * MEMBER_STAKE);
        for (uint256 k; k < 200; ++k) {
            address[] memory c = quorum.previewCommittee(keccak256(abi.encode("skip", k)), 9, requester);
            assertEq(c.length, 9);
            for (uint256 i; i < 9; ++i) assertTrue(c[i] != out);
        }
        assertEq(quorum.previewCommittee(keccak256("x"), 11, requester).length, 0, "11 seats, 10 members");
    }

    function test_drawCommittee_someoneMustDrawWithin256Blocks_succeeds() public {
        uint256 id = createQuorumTask(3);
        uint256 drawBlock = quorum.taskOf(id).drawBlock;
        vm.roll(drawBlock + 257);
        vm.setBlockhash(drawBlock, bytes32(0));
        assertFalse(quorum.drawCommittee(id));
        uint256 next = quorum.taskOf(id).drawBlock;
        assertEq(next, block.number + DRAW_DELAY, "a new future block, never a past one");
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.AwaitingDraw));
    }
}
