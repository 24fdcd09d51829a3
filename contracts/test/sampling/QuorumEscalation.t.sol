// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "../quorum/utils/QuorumFixture.sol";
import {FloatClaim} from "../tasks/utils/FloatClaim.sol";
import {SamplingCoordinator} from "../../src/sampling/SamplingCoordinator.sol";
import {
    ISamplingCoordinator,
    SampleStatus,
    SamplingParams,
    Sample,
    SamplingWrongStatus,
    SamplingBadEscalation,
    SamplingNotFloat,
    SamplingEscalationCommittee,
    SamplingQuorumNotSettled
} from "../../src/sampling/ISamplingCoordinator.sol";
import {TaskState, VerificationMode, TasksWrongState, ClaimProof} from "../../src/tasks/ITasks.sol";
import {Canonicalisation, QuorumState} from "../../src/quorum/IQuorumTasks.sol";

/// @dev Sampled mode for float models: a drawn verifier that gets another result escalates to a
/// quorum on the same model, rule and inputs; the quorum's verdict decides the Tasks claim
/// (docs/quorum.md "Float models in sampled mode").
contract QuorumEscalationTest is QuorumFixture {
    SamplingCoordinator internal sampling;
    address[] internal verifiers;
    bytes32 internal floatId;
    bytes32 internal floatCanon;

    uint96 internal constant V_BOND = 10e18;
    uint16 internal constant TOP1 = 2 << 8;
    bytes32 internal constant INPUT = keccak256("float input tensor");
    bytes32 internal constant TRUE_RESULT = keccak256("canonical top1 bytes of the honest result");
    bytes32 internal constant FALSE_RESULT = keccak256("canonical top1 bytes of a lie");

    function setUp() public {
        setUpQuorum(5);
        SamplingParams memory p =
            SamplingParams({samplingBps: 10_000, answerWindow: 3 minutes, drawDelay: 2, slashTreasuryBps: 1_000, verifierBond: V_BOND});
        sampling = new SamplingCoordinator(admin, tasks, game, quorum, stake, models, p);
        tasks.bindSamplingCoordinator(address(sampling));
        vm.prank(admin);
        stake.setGame(address(sampling), true);
        for (uint256 i; i < 3; ++i) {
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
        floatId = models.registerFloat(bytes("a float onnx file"), 1, TOP1);
        floatCanon = quorum.registerCanonicalisation(floatId, Canonicalisation.Top1Label, 0);
    }

    function _floatTask() internal returns (uint256 id) {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = INPUT;
        vm.prank(requester);
        id = tasks.createTask(floatId, inputs, FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, "");
    }

    /// @dev A float task claimed with `result`, sampled, its verifier drawn.
    function _sampled(bytes32 result) internal returns (uint256 id, address v) {
        id = _claimed(result);
        v = _drawn(id);
    }

    function _claimed(bytes32 result) internal returns (uint256 id) {
        id = _floatTask();
        ClaimProof memory c = FloatClaim.proof(INPUT, result); // sha256 calls: before the prank
        vm.prank(worker);
        tasks.claim(id, c);
    }

    /// @dev The claim on `id` sampled and its verifier drawn.
    function _drawn(uint256 id) internal returns (address v) {
        sampling.requestSample(id);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256(abi.encode("hash", id)));
        sampling.draw(id);
        v = sampling.sampleOf(id).verifier;
        assertTrue(v != address(0));
    }

    function _quorumBy(address v, bytes32 canon, bytes32 input, uint256 size) internal returns (uint256 q) {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = input;
        vm.prank(v);
        q = quorum.createTask(canon, inputs, Q_FEE, size, "");
    }

    /// @dev Draws quorum task `q`, every seat reveals `results[i]`, settles.
    function _decide(uint256 q, bytes32[] memory results) internal {
        draw(q);
        play(q, results, allReveal(results.length));
        quorum.settle(q);
    }

    function _three(bytes32 a, bytes32 b, bytes32 c) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }

    function _committed(address v) internal view returns (uint256 c) {
        (, c) = sampling.reserveOf(v);
    }

    // ================================================================ escalateQuorum

    function test_escalateQuorum_floatClaim_freezesTask_succeeds() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.expectEmit(address(sampling));
        emit ISamplingCoordinator.SampleEscalated(id, v, true, q);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        Sample memory s = sampling.sampleOf(id);
        assertEq(uint256(s.status), uint256(SampleStatus.Escalated));
        assertTrue(s.escalatedToQuorum);
        assertEq(s.escalation, q);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Disputed));
        // The bond stays committed until the quorum's verdict.
        assertEq(_committed(v), V_BOND);
        // Frozen: no finalization past the window.
        vm.warp(block.timestamp + WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Disputed));
        tasks.finalize(id);
    }

    function test_escalateQuorum_int8Claim_reverts() public {
        uint256 id = createTask(honestTrace(1));
        claimAs(worker, id, honestTrace(1));
        sampling.requestSample(id);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256("h"));
        sampling.draw(id);
        address v = sampling.sampleOf(id).verifier;
        bytes32 canon = quorum.registerCanonicalisation(modelId, Canonicalisation.Exact, 0);
        uint256 q = _quorumBy(v, canon, honestTrace(1).tensorHashes[0], 3);
        vm.expectRevert(abi.encodeWithSelector(SamplingNotFloat.selector, id, modelId));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_otherModel_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        // canonId (QuorumFixture) is LLM_MODEL's: same inputs, another model.
        uint256 q = _quorumBy(v, canonId, INPUT, 3);
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, q));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_otherRule_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        bytes32 exact = quorum.registerCanonicalisation(floatId, Canonicalisation.Exact, 0);
        uint256 q = _quorumBy(v, exact, INPUT, 3);
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, q));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_otherInputs_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, keccak256("other"), 3);
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, q));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_someoneElsesQuorum_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(requester, floatCanon, INPUT, 3);
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id, q));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    function test_escalateQuorum_committeeOfOne_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 1);
        vm.expectRevert(abi.encodeWithSelector(SamplingEscalationCommittee.selector, id, 1, 3));
        vm.prank(v);
        sampling.escalateQuorum(id, q);
    }

    /// One quorum (one fee) decides one claim: the same verifier drawn for two lies on the same
    /// input needs two quorum tasks.
    function test_escalateQuorum_reusedQuorum_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        uint256 id2;
        address v2;
        for (uint256 k; k < 20 && v2 != v; ++k) (id2, v2) = _sampled(FALSE_RESULT);
        assertEq(v2, v, "drawn again within 20 samples of 3 verifiers");
        vm.expectRevert(abi.encodeWithSelector(SamplingBadEscalation.selector, id2, q));
        vm.prank(v);
        sampling.escalateQuorum(id2, q);
    }

    // ================================================================ resolveQuorumEscalation

    /// The worker lied; the quorum's majority finalizes the true result: the claim is rejected,
    /// the worker's stake slashed to the verifier (treasury share aside), the fee refunded, the
    /// verifier's bond released.
    function test_resolveQuorumEscalation_otherResult_rejectsClaim_succeeds() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        // A liar on the committee is outvoted.
        _decide(q, _three(TRUE_RESULT, FALSE_RESULT, TRUE_RESULT));
        assertEq(uint256(quorum.state(q)), uint256(QuorumState.Finalized));
        uint256 workerBonded = stake.bondedOf(worker);
        uint256 verifierCredits = stake.creditsOf(v);
        uint256 requesterCredits = tasks.creditsOf(requester);
        vm.expectEmit(address(sampling));
        emit ISamplingCoordinator.QuorumEscalationResolved(id, q, true, TRUE_RESULT);
        vm.prank(makeAddr("anyone"));
        sampling.resolveQuorumEscalation(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Rejected));
        assertEq(stake.bondedOf(worker), workerBonded - MIN_STAKE);
        assertEq(stake.creditsOf(v), verifierCredits + MIN_STAKE - MIN_STAKE * SLASH_BPS / 10_000);
        assertEq(tasks.creditsOf(requester), requesterCredits + FEE);
        assertEq(_committed(v), 0);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Overturned));
    }

    /// @dev The ERC-8004 outcome Tasks posts for a float claim is tagged with the mode that
    /// judged it: vouch:sampled (an int8 claim's is vouch:optimistic, Tasks.t.sol).
    function test_resolveQuorumEscalation_publishesSampledTag_succeeds() public {
        uint256 id = _claimed(FALSE_RESULT);
        vm.startPrank(worker);
        uint256 agentId = identity.register("ipfs://float-worker");
        bytes32 requestHash = tasks.requestHashFor(id, agentId, bytes32("salt"));
        validation.validationRequest(address(tasks), agentId, "ipfs://claim", requestHash);
        tasks.linkValidation(id, agentId, bytes32("salt"));
        vm.stopPrank();
        address v = _drawn(id);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        _decide(q, _three(TRUE_RESULT, TRUE_RESULT, TRUE_RESULT));
        sampling.resolveQuorumEscalation(id);
        (address validator,, uint8 response,, string memory tag,) = validation.getValidationStatus(requestHash);
        assertEq(validator, address(tasks));
        assertEq(uint256(response), 0);
        assertEq(tag, "vouch:sampled");
    }

    /// A false escalation: the quorum finalizes the claim's own result. The claim stands with a
    /// fresh window and finalizes; the verifier paid the quorum fee and its bond goes to the worker.
    function test_resolveQuorumEscalation_sameResult_upholdsClaim_succeeds() public {
        (uint256 id, address v) = _sampled(TRUE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        _decide(q, _three(TRUE_RESULT, TRUE_RESULT, TRUE_RESULT));
        uint256 verifierBonded = stake.bondedOf(v);
        uint256 workerCredits = stake.creditsOf(worker);
        sampling.resolveQuorumEscalation(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
        assertEq(tasks.taskOf(id).windowStart, block.timestamp);
        assertEq(stake.bondedOf(v), verifierBonded - V_BOND);
        assertEq(stake.creditsOf(worker), workerCredits + V_BOND - V_BOND / 10);
        assertEq(_committed(v), 0);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Upheld));
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Finalized));
    }

    /// No majority proves nothing: the claim stands, the verifier's bond is released, and its
    /// quorum fee is refunded to it by QuorumTasks.
    function test_resolveQuorumEscalation_refunded_upholdsClaim_succeeds() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        _decide(q, _three(TRUE_RESULT, FALSE_RESULT, keccak256("third")));
        assertEq(uint256(quorum.state(q)), uint256(QuorumState.Refunded));
        uint256 verifierBonded = stake.bondedOf(v);
        sampling.resolveQuorumEscalation(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
        assertEq(stake.bondedOf(v), verifierBonded);
        assertEq(_committed(v), 0);
        assertEq(quorum.creditsOf(v), Q_FEE);
        assertEq(uint256(sampling.sampleOf(id).status), uint256(SampleStatus.Upheld));
    }

    function test_resolveQuorumEscalation_quorumNotSettled_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        vm.expectRevert(abi.encodeWithSelector(SamplingQuorumNotSettled.selector, id, q, uint8(QuorumState.AwaitingDraw)));
        sampling.resolveQuorumEscalation(id);
    }

    function test_resolveQuorumEscalation_twice_reverts() public {
        (uint256 id, address v) = _sampled(FALSE_RESULT);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        _decide(q, _three(TRUE_RESULT, TRUE_RESULT, TRUE_RESULT));
        sampling.resolveQuorumEscalation(id);
        vm.expectRevert(abi.encodeWithSelector(SamplingWrongStatus.selector, id, SampleStatus.Overturned));
        sampling.resolveQuorumEscalation(id);
    }

    function test_resolveQuorumEscalation_notEscalated_reverts() public {
        (uint256 id, address v) = _sampled(TRUE_RESULT);
        vm.prank(v);
        sampling.agree(id);
        vm.expectRevert(abi.encodeWithSelector(SamplingWrongStatus.selector, id, SampleStatus.Agreed));
        sampling.resolveQuorumEscalation(id);
    }

    /// Conservation over both verdicts: every token is somewhere known, the coordinator holds
    /// none, its StakeManager pool equals each verifier's reserve with nothing committed.
    function testFuzz_resolveQuorumEscalation_conserves_succeeds(uint8 verdict) public {
        uint256 supply = token.totalSupply();
        bytes32 claimed = verdict % 2 == 0 ? FALSE_RESULT : TRUE_RESULT;
        (uint256 id, address v) = _sampled(claimed);
        uint256 q = _quorumBy(v, floatCanon, INPUT, 3);
        vm.prank(v);
        sampling.escalateQuorum(id, q);
        bytes32 other = verdict % 3 == 0 ? keccak256("x") : TRUE_RESULT;
        _decide(q, _three(TRUE_RESULT, other, TRUE_RESULT));
        sampling.resolveQuorumEscalation(id);
        if (tasks.state(id) == TaskState.Challengeable) {
            vm.warp(block.timestamp + WINDOW);
            tasks.finalize(id);
        }
        uint256 held = token.balanceOf(address(this)) + token.balanceOf(requester) + token.balanceOf(worker)
            + token.balanceOf(challenger) + token.balanceOf(treasury) + token.balanceOf(address(stake))
            + token.balanceOf(address(tasks)) + token.balanceOf(address(quorum)) + token.balanceOf(address(sampling));
        for (uint256 i; i < verifiers.length; ++i) {
            held += token.balanceOf(verifiers[i]);
            (uint256 reserved, uint256 committed) = sampling.reserveOf(verifiers[i]);
            assertEq(stake.pooledOf(address(sampling), verifiers[i]), reserved);
            assertEq(committed, 0);
        }
        for (uint256 i; i < pool.length; ++i) held += token.balanceOf(pool[i]);
        assertEq(held, supply);
        assertEq(token.balanceOf(address(sampling)), 0);
    }
}
