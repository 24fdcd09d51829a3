// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "../quorum/utils/QuorumFixture.sol";
import {Trace} from "../tasks/utils/TraceBuilder.sol";
import {SamplingCoordinator} from "../../src/sampling/SamplingCoordinator.sol";
import {
    SampleStatus,
    SamplingParams,
    Sample,
    SamplingWrongStatus,
    SamplingNotChallengeable,
    SamplingTooEarly,
    SamplingNotVerifier,
    SamplingDeadlinePassed,
    SamplingDeadlineNotPassed,
    SamplingBadEscalation,
    SamplingTaskNotSettled,
    SamplingParamOutOfRange,
    SamplingNotFloat
} from "../../src/sampling/ISamplingCoordinator.sol";
import {TaskState} from "../../src/tasks/ITasks.sol";
import {
    PoolAlreadyMember,
    PoolNotMember,
    PoolReserveTooLow,
    PoolReserveInsufficient
} from "../../src/pool/IStakedPool.sol";
import {Canonicalisation} from "../../src/quorum/IQuorumTasks.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract SamplingCoordinatorTest is QuorumFixture {
    event log_named_uint(string key, uint256 val);

    SamplingCoordinator internal sampling;
    address[] internal verifiers;
    Trace internal honest;

    uint96 internal constant V_BOND = 10e18;
    uint32 internal constant ANSWER = 3 minutes;

    function samplingParams(uint16 bps) internal pure returns (SamplingParams memory) {
        return SamplingParams({samplingBps: bps, answerWindow: ANSWER, drawDelay: 2, slashTreasuryBps: 1_000, verifierBond: V_BOND});
    }

    function setUp() public {
        setUpQuorum(0);
        sampling = new SamplingCoordinator(admin, tasks, game, quorum, stake, models, samplingParams(10_000));
        tasks.bindSamplingCoordinator(address(sampling));
        vm.prank(admin);
        stake.setGame(address(sampling), true);
        for (uint256 i; i < 5; ++i) {
            address v = makeAddr(string.concat("verifier", vm.toString(i)));
            require(token.transfer(v, 1_000e18), "fund");
            vm.startPrank(v);
            token.approve(address(stake), type(uint256).max);
            token.approve(address(quorum), type(uint256).max);
            stake.bond(500e18);
            sampling.joinPool(4 * uint256(V_BOND));
            vm.stopPrank();
            verifiers.push(v);
        }
        // Room for many open claims.
        vm.prank(worker);
        stake.bond(200 * uint256(MIN_STAKE));
        honest = honestTrace(1);
    }

    function _claimed() internal returns (uint256 taskId) {
        taskId = createTask(honest);
        claimAs(worker, taskId, honest);
    }

    function _lyingClaim() internal returns (uint256 taskId) {
        taskId = createTask(honest);
        claimAs(worker, taskId, lyingTrace(1, 1, 0));
    }

    function _drawn(uint256 taskId) internal returns (address verifier) {
        sampling.requestSample(taskId);
        uint256 drawBlock = sampling.sampleOf(taskId).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256(abi.encode("hash", taskId)));
        sampling.draw(taskId);
        verifier = sampling.sampleOf(taskId).verifier;
    }

    function _committed(address v) internal view returns (uint256 c) {
        (, c) = sampling.reserveOf(v);
    }

    // ================================================================ request / draw

    function test_requestSample_unclaimed_reverts() public {
        uint256 id = createTask(honest);
        vm.expectRevert(abi.encodeWithSelector(SamplingNotChallengeable.selector, id, uint8(TaskState.Open)));
        sampling.requestSample(id);
    }

    function test_requestSample_twice_reverts() public {
        uint256 id = _claimed();
        sampling.requestSample(id);
        vm.expectRevert(abi.encodeWithSelector(SamplingWrongStatus.selector, id, SampleStatus.Requested));
        sampling.requestSample(id);
    }

    function test_draw_beforeDrawBlock_reverts() public {
        uint256 id = _claimed();
        sampling.requestSample(id);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock);
        vm.expectRevert(abi.encodeWithSelector(SamplingTooEarly.selector, id, drawBlock));
        sampling.draw(id);
    }

    function test_draw_sampledAssignsVerifier_succeeds() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        Sample memory s = sampling.sampleOf(id);
        assertEq(uint256(s.status), uint256(SampleStatus.Assigned));
        assertTrue(v != address(0) && v != worker && v != requester);
        assertTrue(sampling.inPool(v));
        assertEq(_committed(v), V_BOND);
        assertEq(uint256(s.deadline), block.timestamp + ANSWER);
        assertEq(s.requester, requester);
        assertEq(s.worker, worker);
    }

    function test_draw_notSampled_succeeds() public {
        vm.prank(admin);
        sampling.setSamplingBps(0);
        uint256 id = _claimed();
        address v = _drawn(id);
        assertEq(v, address(0));
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.NotSampled));
    }

    function test_draw_deadlineCappedByChallengeWindow_succeeds() public {
        vm.prank(admin);
        sampling.setAnswerWindow(1 days);
        uint256 id = _claimed();
        uint256 windowEnd = block.timestamp + WINDOW;
        _drawn(id);
        assertEq(uint256(sampling.sampleOf(id).deadline), windowEnd - 1);
    }

    function test_draw_windowClosed_unassigned_succeeds() public {
        uint256 id = _claimed();
        sampling.requestSample(id);
        vm.warp(block.timestamp + WINDOW);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256("h"));
        sampling.draw(id);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Unassigned));
    }

    function test_draw_staleBlockhash_reschedules_succeeds() public {
        uint256 id = _claimed();
        sampling.requestSample(id);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 300);
        vm.setBlockhash(drawBlock, bytes32(0));
        assertEq(uint256(sampling.draw(id)), uint256(SampleStatus.Requested));
        assertEq(uint256(sampling.sampleOf(id).drawBlock), block.number + 2);
    }

    function test_draw_emptyPool_unassigned_succeeds() public {
        for (uint256 i; i < verifiers.length; ++i) {
            vm.prank(verifiers[i]);
            sampling.leavePool();
        }
        uint256 id = _claimed();
        assertEq(_drawn(id), address(0));
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Unassigned));
    }

    // ================================================================ answers

    function test_agree_thenCloseFinalized_releasesBond_succeeds() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        vm.prank(v);
        sampling.agree(id);
        vm.expectRevert(abi.encodeWithSelector(SamplingTaskNotSettled.selector, id, uint8(TaskState.Challengeable)));
        sampling.close(id);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        sampling.close(id);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Cleared));
        assertEq(_committed(v), 0);
    }

    function test_agree_notVerifier_reverts() public {
        uint256 id = _claimed();
        _drawn(id);
        vm.expectRevert(abi.encodeWithSelector(SamplingNotVerifier.selector, id, worker));
        vm.prank(worker);
        sampling.agree(id);
    }

    function test_agree_afterDeadline_reverts() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        uint256 deadline = sampling.sampleOf(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(SamplingDeadlinePassed.selector, id, deadline));
        vm.prank(v);
        sampling.agree(id);
    }

    function test_expire_slashesBond_succeeds() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        uint256 deadline = sampling.sampleOf(id).deadline;
        vm.expectRevert(abi.encodeWithSelector(SamplingDeadlineNotPassed.selector, id, deadline));
        sampling.expire(id);
        vm.warp(deadline + 1);
        uint256 bonded = stake.bondedOf(v);
        uint256 reqCredits = stake.creditsOf(requester);
        sampling.expire(id);
        assertEq(stake.bondedOf(v), bonded - V_BOND);
        assertEq(stake.creditsOf(requester), reqCredits + V_BOND - V_BOND / 10);
        (uint256 reserved, uint256 committed) = sampling.reserveOf(v);
        assertEq(reserved, 3 * uint256(V_BOND));
        assertEq(committed, 0);
        assertEq(stake.pooledOf(address(sampling), v), reserved);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Missed));
    }

    /// A lazy verifier agrees to a wrong claim; a challenger proves it wrong: the bond is slashed.
    function test_agree_thenCloseRejected_slashesBond_succeeds() public {
        uint256 id = _lyingClaim();
        address v = _drawn(id);
        vm.prank(v);
        sampling.agree(id);
        uint256 gameId = openAs(challenger, id, honest);
        vm.warp(block.timestamp + 1 days);
        game.resolveTimeout(gameId);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Rejected));
        uint256 bonded = stake.bondedOf(v);
        sampling.close(id);
        assertEq(stake.bondedOf(v), bonded - V_BOND);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Slashed));
    }

    /// The drawn verifier re-executes, disagrees, and opens the dispute game on the claim.
    function test_escalateDispute_succeeds() public {
        uint256 id = _lyingClaim();
        address v = _drawn(id);
        uint256 gameId = openAs(v, id, honest);
        vm.prank(v);
        sampling.escalateDispute(id, gameId);
        Sample memory s = sampling.sampleOf(id);
        assertEq(uint256(s.status), uint256(SampleStatus.Escalated));
        assertEq(s.escalation, gameId);
        assertFalse(s.escalatedToQuorum);
        assertEq(_committed(v), 0);
    }

    function test_escalateDispute_someoneElsesGame_reverts() public {
        uint256 id = _lyingClaim();
        address v = _drawn(id);
        uint256 gameId = openAs(challenger, id, honest);
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, gameId));
        vm.prank(v);
        sampling.escalateDispute(id, gameId);
    }

    /// An int8 claim escalates by dispute only (QuorumEscalation.t.sol covers float claims).
    function test_escalateQuorum_int8Claim_reverts() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = honest.tensorHashes[0];
        bytes32 canon = quorum.registerCanonicalisation(modelId, Canonicalisation.Exact, 0);
        vm.prank(v);
        uint256 q = quorum.createTask(canon, inputs, 1e18, 3, "");
        vm.expectRevert(abi.encodeWithSelector(SamplingNotFloat.selector, id, modelId));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_otherInputs_reverts() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = keccak256("other");
        vm.prank(v);
        uint256 q = quorum.createTask(canonId, inputs, 1e18, 1, "");
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, q));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    // ================================================================ frequency and fairness

    /// 10,000 seeds: at p = 10% the coin says yes 1,000 times in expectation (sd 30); at 50%,
    /// 5,000 (sd 50). Tolerance: 4 sd (fails about once in 16,000 runs of random seeds; these
    /// seeds are fixed, so the test is deterministic).
    function test_isSampled_frequencyMatchesP_succeeds() public {
        uint256 n = 10_000;
        uint256 at10;
        uint256 at50;
        for (uint256 k; k < n; ++k) {
            bytes32 seed = keccak256(abi.encode("coin", k));
            if (sampling.isSampled(seed, 1_000)) ++at10;
            if (sampling.isSampled(seed, 5_000)) ++at50;
        }
        emit log_named_uint("sampled at p=10% of 10,000", at10);
        emit log_named_uint("sampled at p=50% of 10,000", at50);
        assertLe(at10 > 1_000 ? at10 - 1_000 : 1_000 - at10, 120);
        assertLe(at50 > 5_000 ? at50 - 5_000 : 5_000 - at50, 200);
    }

    /// 120 real claims sampled end to end at p = 30%: 36 expected (sd 5.0); tolerance 3.5 sd (+-18).
    function test_draw_frequencyOverClaims_succeeds() public {
        vm.prank(admin);
        sampling.setSamplingBps(3_000);
        uint256 sampled;
        for (uint256 k; k < 120; ++k) {
            uint256 id = _claimed();
            if (_drawn(id) != address(0)) {
                ++sampled;
                vm.prank(sampling.sampleOf(id).verifier);
                sampling.agree(id);
            }
            // Settle everything so stakes and bonds are free again.
            vm.warp(block.timestamp + WINDOW);
            tasks.finalize(id);
            if (sampling.sampleOf(id).status == SampleStatus.Agreed) sampling.close(id);
        }
        emit log_named_uint("sampled of 120 at p=30%", sampled);
        assertLe(sampled > 36 ? sampled - 36 : 36 - sampled, 18);
    }

    /// The verifier is uniform over the eligible pool: 2,000 seeds over 5 verifiers, chi-square
    /// (4 dof) below 18.47 (p = 0.001); the worker and requester are never drawn.
    function test_previewVerifier_uniform_succeeds() public {
        vm.startPrank(worker);
        stake.bond(100e18);
        sampling.joinPool(100e18);
        vm.stopPrank();
        uint256[] memory counts = new uint256[](verifiers.length);
        for (uint256 k; k < 2_000; ++k) {
            address v = sampling.previewVerifier(keccak256(abi.encode("v", k)), worker, requester);
            assertTrue(v != worker);
            for (uint256 j; j < verifiers.length; ++j) {
                if (verifiers[j] == v) ++counts[j];
            }
        }
        uint256 chi2x100;
        for (uint256 j; j < verifiers.length; ++j) {
            uint256 d = counts[j] > 400 ? counts[j] - 400 : 400 - counts[j];
            chi2x100 += d * d * 100 / 400;
        }
        emit log_named_uint("verifier chi-square x100 (4 dof, limit 1847)", chi2x100);
        assertLt(chi2x100, 1_847);
    }

    // ================================================================ conservation

    /// Random runs of 6 claims (honest or lying), each sampled at p = 60%, whose verifier agrees,
    /// escalates by dispute or stays silent; every task then settles (a lie that was disputed is
    /// rejected, any other claim finalizes) and every sample closes. After the run: the supply
    /// is where it was (every wallet, the StakeManager, Tasks, QuorumTasks; the coordinator
    /// holds nothing), and for each verifier the coordinator's pool in the StakeManager equals
    /// its reserve, with nothing left committed.
    function testFuzz_sampling_conservesTokensAndBooks_succeeds(uint256 seed) public {
        vm.prank(admin);
        sampling.setSamplingBps(6_000);
        uint256 supply = token.totalSupply();
        for (uint256 k; k < 6; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, k)));
            bool lie = r % 2 == 0;
            uint256 id = lie ? _lyingClaim() : _claimed();
            address v = _drawn(id);
            uint256 gameId;
            if (v != address(0)) {
                uint256 answer = (r >> 8) % 3;
                if (answer == 0) {
                    vm.prank(v);
                    sampling.agree(id);
                } else if (answer == 1 && lie) {
                    gameId = openAs(v, id, honest);
                    vm.prank(v);
                    sampling.escalateDispute(id, gameId);
                } else {
                    vm.warp(sampling.sampleOf(id).deadline + 1);
                    sampling.expire(id);
                }
            }
            if (gameId != 0) {
                vm.warp(block.timestamp + 1 days);
                game.resolveTimeout(gameId);
            } else {
                vm.warp(block.timestamp + WINDOW);
                tasks.finalize(id);
            }
            if (sampling.sampleOf(id).status == SampleStatus.Agreed) sampling.close(id);
        }
        uint256 held = token.balanceOf(address(this)) + token.balanceOf(requester) + token.balanceOf(worker)
            + token.balanceOf(challenger) + token.balanceOf(treasury) + token.balanceOf(address(stake))
            + token.balanceOf(address(tasks)) + token.balanceOf(address(quorum)) + token.balanceOf(address(sampling));
        for (uint256 i; i < verifiers.length; ++i) {
            held += token.balanceOf(verifiers[i]);
            (uint256 reserved, uint256 committed) = sampling.reserveOf(verifiers[i]);
            assertEq(stake.pooledOf(address(sampling), verifiers[i]), reserved, "pool == reserve");
            assertEq(committed, 0, "no open assignment left");
        }
        assertEq(held, supply, "supply conserved");
        assertEq(token.balanceOf(address(sampling)), 0);
    }

    // ================================================================ pool (StakedPool, as QuorumTasks')

    function test_joinPool_twiceOrBelowOneBond_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(PoolAlreadyMember.selector, verifiers[0]));
        vm.prank(verifiers[0]);
        sampling.joinPool(0);
        address m = makeAddr("poor");
        require(token.transfer(m, 100e18), "fund");
        vm.startPrank(m);
        token.approve(address(stake), type(uint256).max);
        stake.bond(100e18);
        vm.expectRevert(abi.encodeWithSelector(PoolReserveTooLow.selector, m, 1e18, V_BOND));
        sampling.joinPool(1e18);
        vm.stopPrank();
    }

    function test_leavePool_keepsBondBehindAssignment_succeeds() public {
        uint256 id = _claimed();
        address v = _drawn(id);
        vm.prank(v);
        sampling.leavePool();
        assertFalse(sampling.inPool(v));
        assertEq(sampling.poolSize(), verifiers.length - 1);
        (uint256 reserved, uint256 committed) = sampling.reserveOf(v);
        assertEq(reserved, V_BOND);
        assertEq(committed, V_BOND);
        assertEq(stake.pooledOf(address(sampling), v), V_BOND);
        vm.expectRevert(abi.encodeWithSelector(PoolReserveInsufficient.selector, v, 1, 0));
        vm.prank(v);
        sampling.releaseStake(1);
        vm.expectRevert(abi.encodeWithSelector(PoolNotMember.selector, v));
        vm.prank(v);
        sampling.leavePool();
    }

    // ================================================================ governance

    function test_setters_ownerAndBounds_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, requester));
        vm.prank(requester);
        sampling.setSamplingBps(1);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(SamplingParamOutOfRange.selector, bytes32("samplingBps"), 10_001, 0, 10_000));
        sampling.setSamplingBps(10_001);
        vm.expectRevert(abi.encodeWithSelector(SamplingParamOutOfRange.selector, bytes32("verifierBond"), 0, 1e18, 10_000_000e18));
        sampling.setVerifierBond(0);
        vm.expectRevert(abi.encodeWithSelector(SamplingParamOutOfRange.selector, bytes32("answerWindow"), 29, 30, 1 days));
        sampling.setAnswerWindow(29);
        sampling.setVerifierBond(2e18);
        vm.stopPrank();
        assertEq(uint256(sampling.params().verifierBond), 2e18);
    }

    function test_snapshot_bondFixedAtRequest_succeeds() public {
        uint256 id = _claimed();
        sampling.requestSample(id);
        vm.prank(admin);
        sampling.setVerifierBond(30e18);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256("h"));
        sampling.draw(id);
        assertEq(_committed(sampling.sampleOf(id).verifier), V_BOND);
    }
}
