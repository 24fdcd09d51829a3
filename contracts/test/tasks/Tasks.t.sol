// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VouchFixture} from "./utils/VouchFixture.sol";
import {GameDriver} from "../dispute/utils/GameDriver.sol";
import {Vm} from "../utils/Vm.sol";
import {TraceBuilder, Trace} from "./utils/TraceBuilder.sol";
import {Params} from "../../src/governance/IProtocolParams.sol";
import {CommitRootMismatch} from "../../src/lib/CommitErrors.sol";
import {StakeInsufficientFree} from "../../src/stake/IStakeManager.sol";
import {ModelNotRegistered} from "../../src/tasks/IModelRegistry.sol";
import {
    ITasks,
    Task,
    TaskState,
    TaskStatus,
    VerificationMode,
    ClaimProof,
    TasksUnknownTask,
    TasksWrongState,
    TasksModeNotSupported,
    TasksBadFee,
    TasksBadDeadline,
    TasksInputCount,
    TasksInputsMismatch,
    TasksNotDisputeGame,
    TasksSamplingBinding,
    TasksDisputeGameBinding,
    TasksNothingToWithdraw,
    TasksReserveInsufficient,
    TasksNotAgentManager
} from "../../src/tasks/ITasks.sol";

/// @dev Claims on behalf of whoever calls it: the claim must be attributed to this contract.
contract ClaimRelay {
    function claim(ITasks tasks, uint256 taskId, ClaimProof calldata proof) external {
        tasks.claim(taskId, proof);
    }
}

contract TasksTest is VouchFixture {
    Trace internal honest;

    function setUp() public {
        setUpVouch(4, 600);
        honest = honestTrace(1);
    }

    function _inputs() internal view returns (bytes32[] memory inputs) {
        inputs = new bytes32[](1);
        inputs[0] = honest.tensorHashes[0];
    }

    // ================================================================ createTask

    function test_createTask_escrowsFee_succeeds() public {
        uint256 before = token.balanceOf(requester);
        uint256 id = createTask(honest);
        assertEq(id, 1);
        assertEq(token.balanceOf(requester), before - FEE);
        assertEq(token.balanceOf(address(tasks)), FEE);
        Task memory t = tasks.taskOf(id);
        assertEq(t.requester, requester);
        assertEq(uint256(t.fee), FEE);
        assertEq(t.modelId, modelId);
        assertEq(t.inputsHash, keccak256(abi.encodePacked(_inputs())));
        assertEq(uint256(t.status), uint256(TaskStatus.Open));
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Open));
        assertEq(tasks.snapshotOf(id).challengeWindow, WINDOW);
    }

    function test_createTask_emitsEvent_succeeds() public {
        uint256 deadline = block.timestamp + 1 hours;
        vm.expectEmit(address(tasks));
        emit ITasks.TaskCreated(1, requester, modelId, _inputs(), FEE, deadline, VerificationMode.Optimistic, 0);
        vm.prank(requester);
        tasks.createTask(modelId, _inputs(), FEE, deadline, VerificationMode.Optimistic, "");
    }

    function test_createTask_publishesInputData_succeeds() public {
        bytes memory data = hex"80ff007f01";
        vm.expectEmit(address(tasks));
        emit ITasks.TaskInputs(1, data);
        vm.prank(requester);
        tasks.createTask(modelId, _inputs(), FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, data);
    }

    function test_createTask_noInputData_emitsNoInputsEvent_succeeds() public {
        vm.recordLogs();
        vm.prank(requester);
        tasks.createTask(modelId, _inputs(), FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, "");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != ITasks.TaskInputs.selector, "TaskInputs emitted for empty data");
        }
    }

    function test_createTask_reservedMode_reverts() public {
        bytes32[] memory inputs = _inputs();
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksModeNotSupported.selector, VerificationMode.Quorum));
        tasks.createTask(modelId, inputs, FEE, block.timestamp + 1, VerificationMode.Quorum, "");
    }

    function test_createTask_zeroFee_reverts() public {
        bytes32[] memory inputs = _inputs();
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksBadFee.selector, 0));
        tasks.createTask(modelId, inputs, 0, block.timestamp + 1, VerificationMode.Optimistic, "");
    }

    function test_createTask_deadlineNow_reverts() public {
        bytes32[] memory inputs = _inputs();
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksBadDeadline.selector, block.timestamp, block.timestamp));
        tasks.createTask(modelId, inputs, FEE, block.timestamp, VerificationMode.Optimistic, "");
    }

    function test_createTask_unknownModel_reverts() public {
        bytes32[] memory inputs = _inputs();
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ModelNotRegistered.selector, bytes32(uint256(9))));
        tasks.createTask(bytes32(uint256(9)), inputs, FEE, block.timestamp + 1, VerificationMode.Optimistic, "");
    }

    function test_createTask_wrongInputCount_reverts() public {
        bytes32[] memory inputs = new bytes32[](2);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksInputCount.selector, 2, 1));
        tasks.createTask(modelId, inputs, FEE, block.timestamp + 1, VerificationMode.Optimistic, "");
    }

    function test_createTask_sameParamsShareSnapshot_succeeds() public {
        uint256 a = createTask(honest);
        uint256 b = createTask(honest);
        assertEq(tasks.taskOf(a).snapshotId, tasks.taskOf(b).snapshotId);
        assertEq(tasks.snapshotCount(), 1);
        vm.prank(admin);
        params.setChallengeWindow(20 minutes);
        uint256 c = createTask(honest);
        assertEq(tasks.taskOf(c).snapshotId, 1);
        assertEq(tasks.snapshotOf(a).challengeWindow, WINDOW);
        assertEq(tasks.snapshotOf(c).challengeWindow, 20 minutes);
    }

    function test_createTask_feeAbove88Bits_reverts() public {
        bytes32[] memory inputs = _inputs();
        uint256 fee = uint256(type(uint88).max) + 1;
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksBadFee.selector, fee));
        tasks.createTask(modelId, inputs, fee, block.timestamp + 1, VerificationMode.Optimistic, "");
    }

    /// @dev A governance change is seen by the next task without re-reading every parameter
    /// each time: ProtocolParams' version says when to; equal values share a snapshot.
    function test_createTask_snapshotFollowsParamsVersion_succeeds() public {
        uint256 a = createTask(honest);
        vm.prank(admin);
        params.setChallengeWindow(WINDOW); // same value: a new version, the same parameters
        uint256 b = createTask(honest);
        assertEq(tasks.taskOf(b).snapshotId, tasks.taskOf(a).snapshotId);
        assertEq(tasks.snapshotCount(), 1);
        vm.prank(admin);
        params.setMinStake(2 * uint256(MIN_STAKE));
        uint256 c = createTask(honest);
        assertEq(tasks.taskOf(c).snapshotId, 1);
        claimAs(worker, c, honest);
        assertEq(stake.lockedOf(worker), 2 * uint256(MIN_STAKE), "the new task's claim locks the new stake");
    }

    // ================================================================ prepaid fees

    function test_deposit_feesComeFromCredits_succeeds() public {
        vm.expectEmit(address(tasks));
        emit ITasks.Deposited(requester, 2 * FEE);
        vm.prank(requester);
        tasks.deposit(2 * FEE);
        assertEq(tasks.creditsOf(requester), 2 * FEE);
        uint256 wallet = token.balanceOf(requester);

        createTask(honest);
        assertEq(tasks.creditsOf(requester), FEE, "the fee came from the credits");
        assertEq(token.balanceOf(requester), wallet, "no transfer");
        createTask(honest);
        assertEq(tasks.creditsOf(requester), 0);
        createTask(honest);
        assertEq(token.balanceOf(requester), wallet - FEE, "credits exhausted: transferred");
        assertEq(token.balanceOf(address(tasks)), 3 * FEE, "three fees escrowed");
    }

    function test_deposit_partialCreditsTransferWholeFee_succeeds() public {
        vm.prank(requester);
        tasks.deposit(FEE - 1);
        uint256 wallet = token.balanceOf(requester);
        createTask(honest);
        assertEq(tasks.creditsOf(requester), FEE - 1, "credits below the fee are left alone");
        assertEq(token.balanceOf(requester), wallet - FEE);
        vm.prank(requester);
        assertEq(tasks.withdraw(), FEE - 1, "a deposit is withdrawable");
    }

    function test_deposit_zero_reverts() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksBadFee.selector, 0));
        tasks.deposit(0);
    }

    // ================================================================ stake reserve

    function test_reserveStake_claimsCommitFromReserve_succeeds() public {
        vm.expectEmit(address(tasks));
        emit ITasks.StakeReserved(worker, 2 * uint256(MIN_STAKE), 2 * uint256(MIN_STAKE));
        vm.prank(worker);
        tasks.reserveStake(2 * uint256(MIN_STAKE));
        assertEq(stake.pooledOf(address(tasks), worker), 2 * uint256(MIN_STAKE));
        assertEq(stake.lockedOf(worker), 2 * uint256(MIN_STAKE));

        uint256 a = createTask(honest);
        uint256 b = createTask(honest);
        uint256 c = createTask(honest);
        claimAs(worker, a, honest);
        claimAs(worker, b, honest);
        (uint256 reserved, uint256 committed) = tasks.reserveOf(worker);
        assertEq(reserved, 2 * uint256(MIN_STAKE));
        assertEq(committed, 2 * uint256(MIN_STAKE));
        assertEq(stake.lockedOf(worker), 2 * uint256(MIN_STAKE), "claims from the reserve lock nothing more");
        claimAs(worker, c, honest);
        assertEq(stake.lockedOf(worker), 3 * uint256(MIN_STAKE), "no spare reserve: the claim locks its own stake");

        // Committed stake cannot leave while its claims are open.
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksReserveInsufficient.selector, worker, 1, 0));
        tasks.releaseStake(1);

        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(a);
        tasks.finalize(c);
        (reserved, committed) = tasks.reserveOf(worker);
        assertEq(committed, MIN_STAKE);
        assertEq(stake.lockedOf(worker), 2 * uint256(MIN_STAKE), "c unlocked its own stake, a uncommitted");
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksReserveInsufficient.selector, worker, MIN_STAKE + 1, MIN_STAKE));
        tasks.releaseStake(MIN_STAKE + 1);
        vm.expectEmit(address(tasks));
        emit ITasks.StakeReleased(worker, MIN_STAKE, MIN_STAKE);
        vm.prank(worker);
        tasks.releaseStake(MIN_STAKE);
        tasks.finalize(b);
        vm.prank(worker);
        tasks.releaseStake(MIN_STAKE);
        assertEq(stake.lockedOf(worker), 0);
        assertEq(stake.pooledOf(address(tasks), worker), 0);
        (reserved, committed) = tasks.reserveOf(worker);
        assertEq(reserved + committed, 0);
    }

    function test_reserveStake_moreThanFree_reverts() public {
        uint256 free = stake.freeOf(worker);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, worker, free + 1, free));
        tasks.reserveStake(free + 1);
    }

    function test_releaseStake_zero_reverts() public {
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksReserveInsufficient.selector, worker, 0, 0));
        tasks.releaseStake(0);
    }

    // ================================================================ record recycling

    /// @dev A settled task's record is reused by the next task: the new task starts clean,
    /// the old id keeps its final state and refuses every action.
    function test_createTask_reusesSettledRecord_succeeds() public {
        uint256 a = createTask(honest);
        claimAs(worker, a, honest);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(a);

        uint256 b = createTask(honest);
        Task memory t = tasks.taskOf(b);
        assertEq(uint256(t.status), uint256(TaskStatus.Open));
        assertEq(t.worker, address(0));
        assertEq(uint256(t.windowStart), 0);
        assertEq(t.outputHash, bytes32(0));
        assertEq(t.traceRoot, bytes32(0));
        assertEq(uint256(tasks.state(b)), uint256(TaskState.Open));

        Task memory old = tasks.taskOf(a);
        assertEq(uint256(old.status), uint256(TaskStatus.Finalized));
        assertEq(old.modelId, modelId);
        assertEq(uint256(tasks.state(a)), uint256(TaskState.Finalized));
        assertEq(tasks.snapshotOf(a).challengeWindow, WINDOW);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, a, TaskState.Finalized));
        tasks.claim(a, c);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, a, TaskState.Finalized));
        tasks.cancel(a);

        claimAs(worker, b, honest);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(b);
        assertEq(tasks.creditsOf(worker), 2 * (FEE - FEE * FEE_BPS / 10_000));
    }

    /// @dev A cancelled task's record is recycled too, and the stale id stays cancelled.
    function test_cancel_recordReused_succeeds() public {
        uint256 a = createTask(honest);
        vm.warp(uint256(tasks.taskOf(a).claimDeadline) + 1);
        tasks.cancel(a);
        uint256 b = createTask(honest);
        claimAs(worker, b, honest);
        assertEq(uint256(tasks.state(a)), uint256(TaskState.Cancelled));
        assertEq(uint256(tasks.state(b)), uint256(TaskState.Challengeable));
        assertEq(tasks.taskOf(b).worker, worker);
    }

    function test_state_neverCreated_succeeds() public view {
        assertEq(uint256(tasks.state(0)), uint256(TaskState.None));
        assertEq(uint256(tasks.state(12345)), uint256(TaskState.None));
    }

    // ================================================================ claim

    function test_claim_locksStake_succeeds() public {
        uint256 id = createTask(honest);
        vm.expectEmit(address(tasks));
        emit ITasks.TaskClaimed(id, worker, honest.tensorHashes[4], honest.root);
        claimAs(worker, id, honest);
        Task memory t = tasks.taskOf(id);
        assertEq(t.worker, worker);
        assertEq(t.outputHash, honest.tensorHashes[4]);
        assertEq(t.traceRoot, honest.root);
        assertEq(uint256(t.windowStart), block.timestamp);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
        assertEq(stake.pooledOf(address(tasks), worker), MIN_STAKE);
        assertEq(stake.lockedOf(worker), MIN_STAKE);
    }

    /// @dev Every claim adds its own stake to Tasks' pool on the worker; each settlement
    /// takes exactly that claim's stake out again.
    function test_claim_eachClaimLocksItsStake_succeeds() public {
        uint256 a = createTask(honest);
        uint256 b = createTask(honest);
        claimAs(worker, a, honest);
        claimAs(worker, b, honest);
        assertEq(stake.pooledOf(address(tasks), worker), 2 * uint256(MIN_STAKE));
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(a);
        assertEq(stake.pooledOf(address(tasks), worker), MIN_STAKE);
        assertEq(stake.lockedOf(worker), MIN_STAKE);
        tasks.finalize(b);
        assertEq(stake.lockedOf(worker), 0);
    }

    function test_claim_atDeadline_succeeds() public {
        uint256 id = createTask(honest);
        vm.warp(tasks.taskOf(id).claimDeadline);
        claimAs(worker, id, honest);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
    }

    function test_claim_afterDeadline_reverts() public {
        uint256 id = createTask(honest);
        vm.warp(uint256(tasks.taskOf(id).claimDeadline) + 1);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Expired));
        tasks.claim(id, c);
    }

    function test_claim_twice_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Challengeable));
        tasks.claim(id, c);
    }

    function test_claim_otherInputs_reverts() public {
        uint256 id = createTask(honest);
        Trace memory other = honestTrace(2);
        ClaimProof memory c = TraceBuilder.claimProof(other);
        vm.prank(worker);
        vm.expectRevert(
            abi.encodeWithSelector(
                TasksInputsMismatch.selector, keccak256(abi.encodePacked(_inputs())), keccak256(abi.encodePacked(c.inputHashes))
            )
        );
        tasks.claim(id, c);
    }

    function test_claim_outputNotLastLeaf_reverts() public {
        uint256 id = createTask(honest);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        c.outputHash = honest.tensorHashes[3]; // a real tensor of the trace, but not the last
        vm.prank(worker);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        tasks.claim(id, c);
    }

    function test_claim_inputNotFirstLeaf_reverts() public {
        // A trace whose first tensor is not the task's input, claimed with the real input hash.
        uint256 id = createTask(honest);
        Trace memory other = honestTrace(2);
        ClaimProof memory c = TraceBuilder.claimProof(other);
        c.inputHashes[0] = honest.tensorHashes[0];
        vm.prank(worker);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        tasks.claim(id, c);
    }

    function test_claim_unstaked_reverts() public {
        uint256 id = createTask(honest);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, requester, MIN_STAKE, 0));
        tasks.claim(id, c);
    }

    /// @dev Regression (claimant misattribution): the claimant is msg.sender, never tx.origin.
    /// A relay called by the staked worker claims as itself, so its (absent) stake is what counts.
    function test_claim_throughRelayIsAttributedToRelay_reverts() public {
        uint256 id = createTask(honest);
        ClaimRelay relay = new ClaimRelay();
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(worker, worker); // msg.sender = tx.origin = worker for the call into the relay
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, address(relay), MIN_STAKE, 0));
        relay.claim(tasks, id, c);
    }

    function test_claim_unknownTask_reverts() public {
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.expectRevert(abi.encodeWithSelector(TasksUnknownTask.selector, 7));
        tasks.claim(7, c);
    }

    // ================================================================ finalize

    function test_finalize_beforeWindowEnd_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.warp(block.timestamp + WINDOW - 1);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Challengeable));
        tasks.finalize(id);
    }

    function test_finalize_atWindowEnd_succeeds() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.warp(block.timestamp + WINDOW);
        uint256 protocolFee = FEE * FEE_BPS / 10_000;
        vm.expectEmit(address(tasks));
        emit ITasks.TaskFinalized(id, worker, FEE - protocolFee, protocolFee);
        tasks.finalize(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Finalized));
        assertEq(tasks.creditsOf(worker), FEE - protocolFee);
        assertEq(tasks.creditsOf(treasury), protocolFee);
        assertEq(stake.lockedOf(worker), 0);

        uint256 before = token.balanceOf(worker);
        vm.prank(worker);
        assertEq(tasks.withdraw(), FEE - protocolFee);
        assertEq(token.balanceOf(worker), before + FEE - protocolFee);
        vm.prank(treasury);
        tasks.withdraw();
        assertEq(token.balanceOf(address(tasks)), 0);
    }

    function test_finalize_twice_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Finalized));
        tasks.finalize(id);
    }

    function test_finalize_unclaimed_reverts() public {
        uint256 id = createTask(honest);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Open));
        tasks.finalize(id);
    }

    /// @dev Governance lengthening the window after creation does not delay an existing task.
    function test_finalize_usesSnapshotWindow_succeeds() public {
        uint256 id = createTask(honest);
        vm.prank(admin);
        params.setChallengeWindow(7 days);
        vm.prank(admin);
        params.setProtocolFeeBps(1_000);
        claimAs(worker, id, honest);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        assertEq(tasks.creditsOf(worker), FEE - FEE * FEE_BPS / 10_000);
    }

    function test_finalize_publishesValidation_succeeds() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.startPrank(worker);
        uint256 agentId = identity.register("ipfs://worker");
        bytes32 requestHash = tasks.requestHashFor(id, agentId, bytes32("salt"));
        validation.validationRequest(address(tasks), agentId, "ipfs://claim", requestHash);
        tasks.linkValidation(id, agentId, bytes32("salt"));
        vm.stopPrank();
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        (address v, uint256 a, uint8 response,, string memory tag,) = validation.getValidationStatus(requestHash);
        assertEq(v, address(tasks));
        assertEq(a, agentId);
        assertEq(uint256(response), 100);
        assertEq(tag, "vouch:optimistic");
    }

    /// @dev Regression (validation skipped by gas): the registry calls are try/catch, so a
    /// finalize sent with just enough gas for the settlement used to succeed without posting
    /// (and eth_estimateGas finds exactly that limit). The lowest gas that settles now posts.
    function test_finalize_lowestGasStillPublishes_succeeds() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.startPrank(worker);
        uint256 agentId = identity.register("ipfs://worker");
        bytes32 requestHash = tasks.requestHashFor(id, agentId, bytes32("salt"));
        tasks.linkValidation(id, agentId, bytes32("salt"));
        validation.validationRequest(address(tasks), agentId, "ipfs://claim", requestHash);
        vm.stopPrank();
        vm.warp(block.timestamp + WINDOW);
        for (uint256 g = 30_000; g < 400_000; g += 1_000) {
            vm.recordLogs();
            (bool ok,) = address(tasks).call{gas: g}(abi.encodeCall(tasks.finalize, (id)));
            Vm.Log[] memory logs = vm.getRecordedLogs();
            if (!ok) continue;
            bool published;
            for (uint256 i; i < logs.length; ++i) {
                if (logs[i].topics[0] == ITasks.ValidationPublished.selector) published = true;
            }
            assertTrue(published, "settled without posting the outcome");
            (,, uint8 response,,,) = validation.getValidationStatus(requestHash);
            assertEq(uint256(response), 100);
            return;
        }
        fail("never settled");
    }

    function test_finalize_linkWithoutRequest_succeeds() public {
        // Settlement never depends on the agent having published its request.
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.startPrank(worker);
        uint256 agentId = identity.register("ipfs://worker");
        tasks.linkValidation(id, agentId, bytes32("salt"));
        vm.stopPrank();
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Finalized));
    }

    function test_linkValidation_notAgentManager_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.prank(challenger);
        uint256 agentId = identity.register("ipfs://someone-else");
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksNotAgentManager.selector, agentId, worker));
        tasks.linkValidation(id, agentId, bytes32("salt"));
    }

    // ================================================================ cancel / withdraw

    function test_cancel_beforeDeadline_reverts() public {
        uint256 id = createTask(honest);
        vm.warp(tasks.taskOf(id).claimDeadline);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Open));
        tasks.cancel(id);
    }

    function test_cancel_afterDeadline_succeeds() public {
        uint256 id = createTask(honest);
        vm.warp(uint256(tasks.taskOf(id).claimDeadline) + 1);
        vm.expectEmit(address(tasks));
        emit ITasks.TaskCancelled(id, requester, FEE);
        vm.prank(worker); // anyone may cancel; the refund goes to the requester
        tasks.cancel(id);
        assertEq(tasks.creditsOf(requester), FEE);
        assertEq(tasks.creditsOf(worker), 0);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Cancelled));
        tasks.claim(id, c);
    }

    function test_cancel_claimed_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.warp(uint256(tasks.taskOf(id).claimDeadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Finalizable));
        tasks.cancel(id);
    }

    function test_withdraw_nothing_reverts() public {
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(TasksNothingToWithdraw.selector, worker));
        tasks.withdraw();
    }

    // ================================================================ dispute hooks

    function test_openDispute_notGame_reverts() public {
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(TasksNotDisputeGame.selector, challenger));
        tasks.openDispute(id, challenger);
    }

    function test_resolveDispute_notGame_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TasksNotDisputeGame.selector, address(this)));
        tasks.resolveDispute(1, false, challenger);
    }

    function test_bindDisputeGame_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TasksDisputeGameBinding.selector, address(this), address(game)));
        tasks.bindDisputeGame(address(1));
    }

    function test_bindSamplingCoordinator_onceByDeployer_succeeds() public {
        address coordinator = makeAddr("coordinator");
        vm.expectRevert(abi.encodeWithSelector(TasksSamplingBinding.selector, challenger, address(0)));
        vm.prank(challenger);
        tasks.bindSamplingCoordinator(coordinator);
        tasks.bindSamplingCoordinator(coordinator);
        assertEq(tasks.samplingCoordinator(), coordinator);
        vm.expectRevert(abi.encodeWithSelector(TasksSamplingBinding.selector, address(this), coordinator));
        tasks.bindSamplingCoordinator(address(1));
    }

    /// The coordinator is a second arbiter: it opens and resolves disputes as the game does,
    /// one at a time (the game cannot open while the coordinator's dispute is open).
    function test_openDispute_samplingCoordinator_succeeds() public {
        address coordinator = makeAddr("coordinator");
        tasks.bindSamplingCoordinator(coordinator);
        uint256 id = createTask(honest);
        claimAs(worker, id, honest);
        vm.prank(coordinator);
        tasks.openDispute(id, challenger);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Disputed));
        ClaimProof memory counter = TraceBuilder.claimProof(lyingTrace(1, 1, 0)); // sha256 calls: before expectRevert
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, id, TaskState.Disputed));
        vm.prank(challenger);
        game.open(id, counter);
        vm.prank(coordinator);
        tasks.resolveDispute(id, true, challenger);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
    }
}

/// @dev A claim committed from the worker's reserve and proven wrong: the slash comes out of
/// the reserve, and the rest of the reserve stays the worker's.
contract TasksReserveDisputeTest is GameDriver {
    function setUp() public {
        setUpVouch(4, 600);
    }

    function test_resolveDispute_slashesReservedClaim_succeeds() public {
        Trace memory honest = honestTrace(1);
        Trace memory liar = lyingTrace(1, 2, 100);
        vm.prank(worker);
        tasks.reserveStake(3 * uint256(MIN_STAKE));
        uint256 bonded = stake.bondedOf(worker);
        uint256 id = createTask(honest);
        claimAs(worker, id, liar);
        uint256 gameId = openAs(challenger, id, honest);
        playToEnd(gameId, liar, honest);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Rejected));
        (uint256 reserved, uint256 committed) = tasks.reserveOf(worker);
        assertEq(reserved, 2 * uint256(MIN_STAKE));
        assertEq(committed, 0);
        assertEq(stake.pooledOf(address(tasks), worker), 2 * uint256(MIN_STAKE));
        assertEq(stake.bondedOf(worker), bonded - MIN_STAKE);
        assertEq(tasks.creditsOf(requester), FEE, "the fee is refunded");
    }
}
