// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "./utils/QuorumFixture.sol";
import {QuorumTasks} from "../../src/quorum/QuorumTasks.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {
    IQuorumTasks,
    Canonicalisation,
    QuorumStatus,
    QuorumState,
    SeatPhase,
    QuorumTask,
    CanonInfo,
    QuorumWrongState,
    QuorumBadFee,
    QuorumBadSize,
    QuorumNoInputs,
    QuorumUnknownCanon,
    QuorumBadCanon,
    QuorumCanonExists,
    QuorumNotSeat,
    QuorumSeatPhase,
    QuorumZeroHash,
    QuorumCommitMismatch,
    QuorumParamOutOfRange,
    QuorumNotAgentManager,
    QuorumUnknownTask
} from "../../src/quorum/IQuorumTasks.sol";
import {
    IStakedPool,
    PoolAlreadyMember,
    PoolNotMember,
    PoolReserveTooLow,
    PoolReserveInsufficient
} from "../../src/pool/IStakedPool.sol";

contract QuorumTasksTest is QuorumFixture {
    bytes32 internal constant A = keccak256("label 7");
    bytes32 internal constant B = keccak256("label 1");
    bytes32 internal constant C = keccak256("label 3");

    function setUp() public {
        setUpQuorum(9);
    }

    // ================================================================ helpers

    /// @dev Tokens outside wallets: the StakeManager and the two task contracts hold exactly
    /// what they owe, and the supply is unchanged (checked against every known holder).
    function _assertConserved() internal view {
        uint256 sum = token.balanceOf(address(this)) + token.balanceOf(requester) + token.balanceOf(worker)
            + token.balanceOf(challenger) + token.balanceOf(treasury) + token.balanceOf(address(stake))
            + token.balanceOf(address(tasks)) + token.balanceOf(address(quorum));
        for (uint256 i; i < pool.length; ++i) sum += token.balanceOf(pool[i]);
        assertEq(sum, token.totalSupply(), "supply conserved");
    }

    function _results(bytes32 a, bytes32 b, bytes32 c) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }

    function _results5(bytes32 a, bytes32 b, bytes32 c, bytes32 d, bytes32 e) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](5);
        (r[0], r[1], r[2], r[3], r[4]) = (a, b, c, d, e);
    }

    function _committed(address m) internal view returns (uint256 c) {
        (, c) = quorum.reserveOf(m);
    }

    // ================================================================ canonicalisation

    function test_registerCanonicalisation_contentAddressed_succeeds() public {
        bytes32 id = quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.VectorRounded, 3);
        assertEq(id, keccak256(abi.encode(LLM_MODEL, Canonicalisation.VectorRounded, uint8(3))));
        CanonInfo memory c = quorum.canonOf(id);
        assertEq(c.modelId, LLM_MODEL);
        assertEq(uint256(c.kind), uint256(Canonicalisation.VectorRounded));
        assertEq(uint256(c.decimals), 3);
        assertNotEq(id, canonId, "another rule for the same model is another id");
        assertEq(uint256(quorum.canonCodeOf(id)), 0x0303, "round:3, as docs/quorum-canonical.md codes it");
        assertEq(uint256(quorum.canonCodeOf(canonId)), 0x0200, "top1");
    }

    function test_registerCanonicalisation_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(QuorumCanonExists.selector, canonId));
        quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.Top1Label, 0);
    }

    function test_registerCanonicalisation_decimalsOnLabel_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(QuorumBadCanon.selector, Canonicalisation.Top1Label, 2));
        quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.Top1Label, 2);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadCanon.selector, Canonicalisation.VectorRounded, 23));
        quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.VectorRounded, 23);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadCanon.selector, Canonicalisation.None, 0));
        quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.None, 0);
    }

    // ================================================================ createTask

    function test_createTask_escrowsFeeAndSnapshots_succeeds() public {
        uint256 before = token.balanceOf(requester);
        uint256 id = createQuorumTask(3);
        assertEq(id, 1);
        assertEq(token.balanceOf(requester), before - Q_FEE);
        assertEq(token.balanceOf(address(quorum)), Q_FEE);
        QuorumTask memory t = quorum.taskOf(id);
        assertEq(t.requester, requester);
        assertEq(uint256(t.fee), Q_FEE);
        assertEq(t.modelId, LLM_MODEL);
        assertEq(t.canonId, canonId);
        assertEq(uint256(t.size), 3);
        assertEq(uint256(t.drawBlock), block.number + DRAW_DELAY);
        assertEq(uint256(t.params.memberStake), MEMBER_STAKE);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.AwaitingDraw));
        assertEq(blockhash(t.drawBlock), bytes32(0), "the seed block does not exist yet");
    }

    function test_createTask_publishesInputs_succeeds() public {
        bytes32[] memory inputs = new bytes32[](2);
        inputs[0] = keccak256("a");
        inputs[1] = keccak256("b");
        vm.expectEmit(address(quorum));
        emit IQuorumTasks.QuorumTaskCreated(1, requester, canonId, LLM_MODEL, inputs, Q_FEE, 5, block.number + DRAW_DELAY);
        vm.expectEmit(address(quorum));
        emit IQuorumTasks.QuorumTaskInputs(1, "What is 2+2?");
        vm.prank(requester);
        quorum.createTask(canonId, inputs, Q_FEE, 5, "What is 2+2?");
    }

    function test_createTask_evenSize_reverts() public {
        bytes32[] memory inputs = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadSize.selector, 4, 1, 15));
        vm.prank(requester);
        quorum.createTask(canonId, inputs, Q_FEE, 4, "");
    }

    function test_createTask_sizeAboveMax_reverts() public {
        bytes32[] memory inputs = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadSize.selector, 17, 1, 15));
        vm.prank(requester);
        quorum.createTask(canonId, inputs, Q_FEE, 17, "");
    }

    function test_createTask_unknownCanon_reverts() public {
        bytes32[] memory inputs = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(QuorumUnknownCanon.selector, bytes32(uint256(1))));
        vm.prank(requester);
        quorum.createTask(bytes32(uint256(1)), inputs, Q_FEE, 3, "");
    }

    function test_createTask_zeroFeeOrNoInputs_reverts() public {
        bytes32[] memory inputs = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadFee.selector, 0));
        vm.prank(requester);
        quorum.createTask(canonId, inputs, 0, 3, "");
        vm.expectRevert(QuorumNoInputs.selector);
        vm.prank(requester);
        quorum.createTask(canonId, new bytes32[](0), Q_FEE, 3, "");
    }

    // ================================================================ drawCommittee

    function test_drawCommittee_beforeDrawBlock_reverts() public {
        uint256 id = createQuorumTask(3);
        vm.roll(block.number + DRAW_DELAY);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.AwaitingDraw));
        quorum.drawCommittee(id);
    }

    function test_drawCommittee_seatsDistinctMembersAndCommitsStake_succeeds() public {
        uint256 id = createQuorumTask(5);
        address[] memory members = draw(id);
        assertEq(members.length, 5);
        for (uint256 i; i < 5; ++i) {
            assertTrue(quorum.inPool(members[i]));
            assertTrue(members[i] != requester);
            for (uint256 j; j < i; ++j) assertTrue(members[i] != members[j], "distinct");
            assertEq(_committed(members[i]), MEMBER_STAKE);
            (address m, SeatPhase phase,) = quorum.seatOf(id, i);
            assertEq(m, members[i]);
            assertEq(uint256(phase), uint256(SeatPhase.Drawn));
        }
        QuorumTask memory t = quorum.taskOf(id);
        assertEq(uint256(t.status), uint256(QuorumStatus.Active));
        assertEq(uint256(t.commitDeadline), block.timestamp + COMMIT_WINDOW);
        assertEq(uint256(t.revealDeadline), block.timestamp + COMMIT_WINDOW + REVEAL_WINDOW);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Commit));
    }

    function test_drawCommittee_twice_reverts() public {
        uint256 id = createQuorumTask(3);
        draw(id);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.Commit));
        quorum.drawCommittee(id);
    }

    function test_drawCommittee_staleBlockhash_reschedules_succeeds() public {
        uint256 id = createQuorumTask(3);
        uint256 drawBlock = quorum.taskOf(id).drawBlock;
        vm.roll(drawBlock + 300);
        vm.setBlockhash(drawBlock, bytes32(0));
        vm.expectEmit(address(quorum));
        emit IStakedPool.DrawRescheduled(id, drawBlock, block.number + DRAW_DELAY);
        assertFalse(quorum.drawCommittee(id));
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.AwaitingDraw));
        address[] memory members = draw(id);
        assertEq(members.length, 3);
    }

    function test_drawCommittee_poolTooSmall_refunds_succeeds() public {
        uint256 id = createQuorumTask(15);
        uint256 before = quorum.creditsOf(requester);
        address[] memory members = draw(id);
        assertEq(members.length, 0);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Refunded));
        assertEq(quorum.creditsOf(requester), before + Q_FEE);
        _assertConserved();
    }

    function test_drawCommittee_requesterInPoolNeverDrawn_succeeds() public {
        vm.startPrank(requester);
        token.approve(address(stake), type(uint256).max);
        stake.bond(100e18);
        quorum.joinPool(100e18);
        vm.stopPrank();
        for (uint256 k; k < 20; ++k) {
            uint256 id = createQuorumTask(9);
            address[] memory members = draw(id);
            for (uint256 i; i < members.length; ++i) assertTrue(members[i] != requester);
        }
    }

    function test_drawCommittee_skipsMembersWithoutSpareReserve_succeeds() public {
        // Every member can hold 4 seats: 9 members x 4 = 36 seats, so 4 tasks of 9 exhaust the pool.
        for (uint256 k; k < 4; ++k) assertEq(draw(createQuorumTask(9)).length, 9);
        uint256 id = createQuorumTask(1);
        assertEq(draw(id).length, 0, "nobody has a spare seat");
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Refunded));
    }

    // ================================================================ commit / reveal

    function test_commit_notMember_reverts() public {
        uint256 id = createQuorumTask(3);
        draw(id);
        vm.expectRevert(abi.encodeWithSelector(QuorumNotSeat.selector, id, 0, worker));
        vm.prank(worker);
        quorum.commit(id, 0, keccak256("x"));
    }

    function test_commit_twiceOrZero_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        vm.expectRevert(QuorumZeroHash.selector);
        vm.prank(m[0]);
        quorum.commit(id, 0, bytes32(0));
        commitAs(id, 0, m[0], A);
        vm.expectRevert(abi.encodeWithSelector(QuorumSeatPhase.selector, id, 0, SeatPhase.Committed));
        vm.prank(m[0]);
        quorum.commit(id, 0, keccak256("again"));
    }

    function test_commit_afterDeadline_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        vm.warp(quorum.taskOf(id).commitDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.Settleable));
        vm.prank(m[0]);
        quorum.commit(id, 0, keccak256("late"));
    }

    function test_reveal_beforeEveryCommit_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        commitAs(id, 0, m[0], A);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.Commit));
        revealAs(id, 0, m[0], A);
    }

    function test_reveal_startsWhenAllCommitted_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        for (uint256 i; i < 3; ++i) commitAs(id, i, m[i], A);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Reveal));
        revealAs(id, 0, m[0], A);
        (, SeatPhase phase, bytes32 h) = quorum.seatOf(id, 0);
        assertEq(uint256(phase), uint256(SeatPhase.Revealed));
        assertEq(h, A);
    }

    function test_reveal_wrongSalt_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        for (uint256 i; i < 3; ++i) commitAs(id, i, m[i], A);
        bytes32 committed = keccak256(abi.encode(A, saltOf(m[0], id), m[0]));
        bytes32 computed = keccak256(abi.encode(B, saltOf(m[0], id), m[0]));
        vm.expectRevert(abi.encodeWithSelector(QuorumCommitMismatch.selector, id, 0, committed, computed));
        revealAs(id, 0, m[0], B);
    }

    /// A lazy member copies an honest member's commitment, then replays its reveal: the member's
    /// address is in the preimage, so the copy can never be opened and the copier is slashed.
    function test_reveal_copiedCommitment_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        commitAs(id, 0, m[0], A);
        (,, bytes32 honestCommitment) = quorum.seatOf(id, 0);
        vm.prank(m[1]);
        quorum.commit(id, 1, honestCommitment);
        commitAs(id, 2, m[2], A);
        revealAs(id, 0, m[0], A);
        bytes32 computed = keccak256(abi.encode(A, saltOf(m[0], id), m[1]));
        vm.expectRevert(abi.encodeWithSelector(QuorumCommitMismatch.selector, id, 1, honestCommitment, computed));
        vm.prank(m[1]);
        quorum.reveal(id, 1, A, saltOf(m[0], id));
        revealAs(id, 2, m[2], A);
        vm.warp(quorum.taskOf(id).revealDeadline + 1);
        uint256 bondedBefore = stake.bondedOf(m[1]);
        quorum.settle(id);
        assertEq(stake.bondedOf(m[1]), bondedBefore - MEMBER_STAKE, "the copier is slashed as a non-revealer");
    }

    // ================================================================ settle

    function test_settle_honestMajority_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        play(id, _results(A, A, A), allReveal(3));
        quorum.settle(id);
        QuorumTask memory t = quorum.taskOf(id);
        assertEq(uint256(t.status), uint256(QuorumStatus.Finalized));
        assertEq(t.result, A);
        for (uint256 i; i < 3; ++i) {
            assertEq(quorum.creditsOf(m[i]), Q_FEE / 3);
            assertEq(_committed(m[i]), 0);
            assertEq(stake.bondedOf(m[i]), RESERVE_SEATS * MEMBER_STAKE + 100e18);
        }
        assertEq(stake.pooledOf(address(quorum), m[0]), RESERVE_SEATS * MEMBER_STAKE);
        vm.prank(m[0]);
        quorum.withdraw();
        assertEq(token.balanceOf(m[0]), 1_000e18 - RESERVE_SEATS * MEMBER_STAKE - 100e18 + Q_FEE / 3);
        _assertConserved();
    }

    function test_settle_earlyWhenAllRevealed_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        for (uint256 i; i < 3; ++i) commitAs(id, i, m[i], A);
        for (uint256 i; i < 3; ++i) revealAs(id, i, m[i], A);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Settleable));
        quorum.settle(id);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Finalized));
    }

    function test_settle_duringReveal_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        for (uint256 i; i < 3; ++i) commitAs(id, i, m[i], A);
        revealAs(id, 0, m[0], A);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.Reveal));
        quorum.settle(id);
    }

    function test_settle_twice_reverts() public {
        uint256 id = createQuorumTask(3);
        draw(id);
        play(id, _results(A, A, A), allReveal(3));
        quorum.settle(id);
        vm.expectRevert(abi.encodeWithSelector(QuorumWrongState.selector, id, QuorumState.Finalized));
        quorum.settle(id);
    }

    /// Two of five collude on a wrong label: both are slashed; 20% of each slash to the
    /// treasury, the rest and the fee split by the three honest members.
    function test_settle_colludingMinority_slashed_succeeds() public {
        uint256 id = createQuorumTask(5);
        address[] memory m = draw(id);
        uint256[5] memory bonded;
        for (uint256 i; i < 5; ++i) bonded[i] = stake.bondedOf(m[i]);
        uint256 treasuryBefore = stake.creditsOf(treasury);
        play(id, _results5(A, B, A, B, A), allReveal(5));
        vm.expectEmit(address(quorum));
        emit IQuorumTasks.MemberSlashed(id, 1, m[1], MEMBER_STAKE, true);
        quorum.settle(id);
        uint256 slashed = 2 * uint256(MEMBER_STAKE);
        uint256 toTreasury = 2 * (uint256(MEMBER_STAKE) * Q_SLASH_BPS / 10_000);
        uint256 share = (Q_FEE + slashed - toTreasury) / 3;
        assertEq(stake.bondedOf(m[1]), bonded[1] - MEMBER_STAKE);
        assertEq(stake.bondedOf(m[3]), bonded[3] - MEMBER_STAKE);
        (uint256 reserved, uint256 committed) = quorum.reserveOf(m[1]);
        assertEq(reserved, (RESERVE_SEATS - 1) * MEMBER_STAKE);
        assertEq(committed, 0);
        assertEq(stake.pooledOf(address(quorum), m[1]), reserved, "pool and reserve agree");
        assertEq(stake.creditsOf(treasury), treasuryBefore + toTreasury);
        for (uint256 i; i < 5; i += 2) {
            assertEq(quorum.creditsOf(m[i]), share);
            assertEq(stake.bondedOf(m[i]), bonded[i]);
        }
        assertEq(quorum.creditsOf(m[1]), 0);
        assertEq(quorum.taskOf(id).result, A);
        _assertConserved();
    }

    /// Three of five agree; one commits and never reveals, one never commits: both are slashed.
    function test_settle_nonRevealers_slashed_succeeds() public {
        uint256 id = createQuorumTask(5);
        address[] memory m = draw(id);
        bool[] memory reveals = allReveal(5);
        reveals[3] = false;
        play(id, _results5(A, A, A, B, bytes32(0)), reveals);
        uint256 b3 = stake.bondedOf(m[3]);
        uint256 b4 = stake.bondedOf(m[4]);
        vm.expectEmit(address(quorum));
        emit IQuorumTasks.MemberSlashed(id, 4, m[4], MEMBER_STAKE, false);
        quorum.settle(id);
        assertEq(stake.bondedOf(m[3]), b3 - MEMBER_STAKE);
        assertEq(stake.bondedOf(m[4]), b4 - MEMBER_STAKE);
        uint256 winnerShare = 2 * (uint256(MEMBER_STAKE) - uint256(MEMBER_STAKE) * Q_SLASH_BPS / 10_000);
        assertEq(quorum.creditsOf(m[0]), (Q_FEE + winnerShare) / 3);
        _assertConserved();
    }

    /// 2 x A, 2 x B, one silent: no strict majority of 5. The fee goes back; only the silent
    /// member is slashed (to the requester); the four that revealed keep their stake.
    function test_settle_tie_refunds_succeeds() public {
        uint256 id = createQuorumTask(5);
        address[] memory m = draw(id);
        play(id, _results5(A, B, A, B, bytes32(0)), allReveal(5));
        uint256 bonded0 = stake.bondedOf(m[0]);
        uint256 reqCredits = quorum.creditsOf(requester);
        uint256 reqStakeCredits = stake.creditsOf(requester);
        quorum.settle(id);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Refunded));
        assertEq(quorum.creditsOf(requester), reqCredits + Q_FEE);
        assertEq(stake.creditsOf(requester), reqStakeCredits + MEMBER_STAKE - uint256(MEMBER_STAKE) * Q_SLASH_BPS / 10_000);
        assertEq(stake.bondedOf(m[0]), bonded0);
        for (uint256 i; i < 4; ++i) {
            assertEq(quorum.creditsOf(m[i]), 0);
            assertEq(_committed(m[i]), 0);
        }
        (uint256 reserved4, uint256 committed4) = quorum.reserveOf(m[4]);
        assertEq(reserved4, (RESERVE_SEATS - 1) * MEMBER_STAKE);
        assertEq(committed4, 0);
        _assertConserved();
    }

    /// Three different answers in a committee of 3: nobody has a majority.
    function test_settle_allDifferent_refunds_succeeds() public {
        uint256 id = createQuorumTask(3);
        draw(id);
        play(id, _results(A, B, C), allReveal(3));
        quorum.settle(id);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Refunded));
        assertEq(quorum.taskOf(id).result, bytes32(0));
    }

    /// One reveal out of three: 1 * 2 > 3 is false, so no majority even though nobody disagrees.
    function test_settle_tooFewReveals_refunds_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        bool[] memory reveals = new bool[](3);
        reveals[0] = true;
        play(id, _results(A, A, bytes32(0)), reveals);
        uint256 b1 = stake.bondedOf(m[1]);
        quorum.settle(id);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Refunded));
        assertEq(stake.bondedOf(m[1]), b1 - MEMBER_STAKE, "committed but silent");
        assertEq(_committed(m[0]), 0);
        _assertConserved();
    }

    function test_settle_nobodyActs_refundsAndSlashesAll_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        vm.warp(quorum.taskOf(id).revealDeadline + 1);
        quorum.settle(id);
        for (uint256 i; i < 3; ++i) {
            (uint256 reserved, uint256 committed) = quorum.reserveOf(m[i]);
            assertEq(reserved, (RESERVE_SEATS - 1) * MEMBER_STAKE);
            assertEq(committed, 0);
        }
        _assertConserved();
    }

    /// Single-member committee (size 1 allowed by these bounds): its reveal is a majority.
    function test_settle_sizeOne_succeeds() public {
        uint256 id = createQuorumTask(1);
        address[] memory m = draw(id);
        bytes32[] memory r = new bytes32[](1);
        r[0] = A;
        play(id, r, allReveal(1));
        quorum.settle(id);
        assertEq(quorum.creditsOf(m[0]), Q_FEE);
    }

    function test_settle_snapshotIgnoresLaterParams_succeeds() public {
        uint256 id = createQuorumTask(3);
        vm.startPrank(admin);
        quorum.setMemberStake(50e18);
        quorum.setSlashTreasuryBps(5_000);
        vm.stopPrank();
        address[] memory m = draw(id);
        assertEq(_committed(m[0]), MEMBER_STAKE, "the seat commits the snapshot's stake");
        play(id, _results(A, A, B), allReveal(3));
        uint256 t0 = stake.creditsOf(treasury);
        quorum.settle(id);
        assertEq(stake.creditsOf(treasury) - t0, uint256(MEMBER_STAKE) * Q_SLASH_BPS / 10_000);
    }

    // ================================================================ ERC-8004

    function _registerAgent(address who) internal returns (uint256 agentId) {
        vm.prank(who);
        agentId = identity.register("https://agent.example/registration.json");
    }

    function test_settle_publishesValidation_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        bytes32[] memory hashes = new bytes32[](3);
        for (uint256 i; i < 3; ++i) {
            uint256 agentId = _registerAgent(m[i]);
            vm.prank(m[i]);
            hashes[i] = quorum.linkValidation(id, i, agentId, bytes32(i));
            vm.prank(m[i]);
            validation.validationRequest(address(quorum), agentId, "ipfs://seat", hashes[i]);
        }
        play(id, _results(A, B, A), allReveal(3));
        quorum.settle(id);
        uint8[3] memory want = [uint8(100), 0, 100];
        for (uint256 i; i < 3; ++i) {
            (address v,, uint8 response,, string memory tag,) = validation.getValidationStatus(hashes[i]);
            assertEq(v, address(quorum));
            assertEq(uint256(response), uint256(want[i]));
            assertEq(tag, "vouch:quorum");
        }
    }

    function test_linkValidation_notAgentManager_reverts() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        uint256 agentId = _registerAgent(worker);
        vm.expectRevert(abi.encodeWithSelector(QuorumNotAgentManager.selector, agentId, m[0]));
        vm.prank(m[0]);
        quorum.linkValidation(id, 0, agentId, 0);
    }

    function test_settle_linkWithoutRequest_succeeds() public {
        uint256 id = createQuorumTask(3);
        address[] memory m = draw(id);
        uint256 agentId = _registerAgent(m[0]);
        vm.prank(m[0]);
        quorum.linkValidation(id, 0, agentId, 0);
        play(id, _results(A, A, A), allReveal(3));
        quorum.settle(id);
        assertEq(uint256(quorum.state(id)), uint256(QuorumState.Finalized));
    }

    // ================================================================ pool

    function test_joinPool_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(PoolAlreadyMember.selector, pool[0]));
        vm.prank(pool[0]);
        quorum.joinPool(0);
    }

    function test_joinPool_reserveTooLow_reverts() public {
        address m = makeAddr("poor");
        require(token.transfer(m, 100e18), "fund");
        vm.startPrank(m);
        token.approve(address(stake), type(uint256).max);
        stake.bond(100e18);
        vm.expectRevert(abi.encodeWithSelector(PoolReserveTooLow.selector, m, 1e18, MEMBER_STAKE));
        quorum.joinPool(1e18);
        vm.stopPrank();
    }

    function test_leavePool_releasesSpareKeepsCommitted_succeeds() public {
        uint256 id = createQuorumTask(9);
        address[] memory m = draw(id);
        vm.prank(m[0]);
        quorum.leavePool();
        assertFalse(quorum.inPool(m[0]));
        assertEq(quorum.poolSize(), 8);
        (uint256 reserved, uint256 committed) = quorum.reserveOf(m[0]);
        assertEq(reserved, MEMBER_STAKE);
        assertEq(committed, MEMBER_STAKE);
        assertEq(stake.pooledOf(address(quorum), m[0]), MEMBER_STAKE);
        vm.expectRevert(abi.encodeWithSelector(PoolReserveInsufficient.selector, m[0], 1, 0));
        vm.prank(m[0]);
        quorum.releaseStake(1);
        bytes32[] memory r = new bytes32[](9);
        for (uint256 i; i < 9; ++i) r[i] = A;
        play(id, r, allReveal(9));
        quorum.settle(id);
        vm.prank(m[0]);
        quorum.releaseStake(MEMBER_STAKE);
        assertEq(stake.pooledOf(address(quorum), m[0]), 0);
        vm.expectRevert(abi.encodeWithSelector(PoolNotMember.selector, m[0]));
        vm.prank(m[0]);
        quorum.leavePool();
    }

    // ================================================================ governance

    function test_setters_onlyOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, requester));
        vm.prank(requester);
        quorum.setMemberStake(30e18);
    }

    function test_setters_outOfRange_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("commitWindow"), 59, 60, 1 days));
        quorum.setCommitWindow(59);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("slashTreasuryBps"), 5_001, 0, 5_000));
        quorum.setSlashTreasuryBps(5_001);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("maxCommittee"), 17, 1, 15));
        quorum.setCommitteeBounds(3, 17);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("minCommittee"), 4, 1, 7));
        quorum.setCommitteeBounds(4, 7);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("drawDelay"), 65, 1, 64));
        quorum.setDrawDelay(65);
        vm.expectRevert(abi.encodeWithSelector(QuorumParamOutOfRange.selector, bytes32("memberStake"), 1, 1e18, 10_000_000e18));
        quorum.setMemberStake(1);
        quorum.setCommitteeBounds(3, 7);
        quorum.setRevealWindow(1 hours);
        vm.stopPrank();
        assertEq(uint256(quorum.params().minCommittee), 3);
        assertEq(uint256(quorum.params().revealWindow), 1 hours);
        bytes32[] memory inputs = new bytes32[](1);
        vm.expectRevert(abi.encodeWithSelector(QuorumBadSize.selector, 1, 3, 7));
        vm.prank(requester);
        quorum.createTask(canonId, inputs, Q_FEE, 1, "");
    }

    function test_state_unknownTask_reverts() public {
        assertEq(uint256(quorum.state(7)), uint256(QuorumState.None));
        vm.expectRevert(abi.encodeWithSelector(QuorumUnknownTask.selector, 7));
        quorum.settle(7);
    }
}
