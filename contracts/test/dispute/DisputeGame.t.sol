// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameDriver} from "./utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.sol";
import {LEAF_SIZE, TRACE_NODE_DOMAIN} from "../../src/lib/CommitConstants.sol";
import {CommitRootMismatch} from "../../src/lib/CommitErrors.sol";
import {LibMerkle} from "../../src/lib/LibMerkle.sol";
import {StakeInsufficientFree} from "../../src/stake/IStakeManager.sol";
import {ClaimProof, TaskState, TasksWrongState} from "../../src/tasks/ITasks.sol";
import {IDisputeGame} from "../../src/dispute/interfaces/IDisputeGame.sol";
import {Game, GameStatus, Party, Phase, Resolution} from "../../src/dispute/lib/Types.sol";
import {
    GameNotInProgress,
    GameWrongPhase,
    GameNotYourTurn,
    GameClockExpired,
    GameClockNotExpired,
    GameBadChildren,
    GameBadPadding,
    GameBadTensorHeader,
    GameBadLeaf,
    GameBadElement,
    GameElementsAgree,
    GameSameOutput,
    GameSelfDispute,
    GameFloatModel,
    GameUnknown
} from "../../src/dispute/lib/Errors.sol";
import {VerificationMode} from "../../src/tasks/ITasks.sol";
import {FloatClaim} from "../tasks/utils/FloatClaim.sol";

contract DisputeGameTest is GameDriver {
    uint256 internal constant OPS = 4; // trace length 5: depth 3, slots 5..7 are padding
    uint256 internal constant SIZE = 600; // 3 data leaves: tensor depth 2, slot 3 is padding

    Trace internal honest;
    uint256 internal taskId;

    function setUp() public {
        setUpVouch(OPS, SIZE);
        honest = honestTrace(1);
        taskId = createTask(honest);
    }

    /// @dev Worker claims `w`, challenger opens with `c`.
    function _dispute(Trace memory w, Trace memory c) internal returns (uint256 gameId) {
        claimAs(worker, taskId, w);
        gameId = openAs(challenger, taskId, c);
    }

    // ================================================================ open

    /// A float model's claim is never bisected: open refuses it (the task stays Challengeable).
    function test_open_floatModel_reverts() public {
        bytes32 floatId = models.registerFloat(bytes("float model"), 1, 2 << 8);
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = keccak256("input tensor");
        vm.prank(requester);
        uint256 id = tasks.createTask(floatId, inputs, FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, "");
        ClaimProof memory claimed = FloatClaim.proof(inputs[0], keccak256("claimed result"));
        vm.prank(worker);
        tasks.claim(id, claimed);
        ClaimProof memory counter = FloatClaim.proof(inputs[0], keccak256("other result"));
        vm.expectRevert(abi.encodeWithSelector(GameFloatModel.selector, id, floatId));
        vm.prank(challenger);
        game.open(id, counter);
        assertEq(uint256(tasks.state(id)), uint256(TaskState.Challengeable));
    }

    function test_open_locksBondAndDisputesTask_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 7);
        claimAs(worker, taskId, liar);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.expectEmit(address(game));
        emit IDisputeGame.GameOpened(1, taskId, challenger, worker, honest.root, c.outputHash, BOND);
        vm.prank(challenger);
        uint256 gameId = game.open(taskId, c);
        assertEq(gameId, 1);
        assertEq(uint256(tasks.state(taskId)), uint256(TaskState.Disputed));
        (address agent, uint256 locked) = stake.lockOf(address(game), bytes32(gameId));
        assertEq(agent, challenger);
        assertEq(locked, BOND);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.status), uint256(GameStatus.InProgress));
        assertEq(uint256(g.phase), uint256(Phase.TraceBisection));
        assertEq(uint256(g.turn), uint256(Party.Worker));
        assertEq(uint256(g.traceDepth), 3);
        assertEq(g.workerNode, liar.root);
        assertEq(g.challengerNode, honest.root);
        assertEq(uint256(g.budget), MOVE_CLOCK * 4);
        assertEq(uint256(g.maxMoves), 8);
    }

    function test_open_sameOutput_reverts() public {
        claimAs(worker, taskId, honest);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(GameSameOutput.selector, taskId, c.outputHash));
        game.open(taskId, c);
    }

    function test_open_byWorker_reverts() public {
        claimAs(worker, taskId, honest);
        ClaimProof memory c = TraceBuilder.claimProof(lyingTrace(1, 4, 0));
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(GameSelfDispute.selector, taskId, worker));
        game.open(taskId, c);
    }

    function test_open_afterWindow_reverts() public {
        claimAs(worker, taskId, lyingTrace(1, 4, 0));
        vm.warp(block.timestamp + WINDOW);
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, taskId, TaskState.Finalizable));
        game.open(taskId, c);
    }

    function test_open_lastSecondOfWindow_succeeds() public {
        claimAs(worker, taskId, lyingTrace(1, 4, 0));
        vm.warp(block.timestamp + WINDOW - 1);
        openAs(challenger, taskId, honest);
        assertEq(uint256(tasks.state(taskId)), uint256(TaskState.Disputed));
    }

    function test_open_whileDisputed_reverts() public {
        _dispute(lyingTrace(1, 4, 0), honest);
        ClaimProof memory c = TraceBuilder.claimProof(lyingTrace(1, 3, 0));
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(TasksWrongState.selector, taskId, TaskState.Disputed));
        game.open(taskId, c);
    }

    function test_open_counterClaimFromOtherInput_reverts() public {
        claimAs(worker, taskId, lyingTrace(1, 4, 0));
        Trace memory other = honestTrace(2);
        ClaimProof memory c = TraceBuilder.claimProof(other);
        c.inputHashes[0] = honest.tensorHashes[0];
        vm.prank(challenger);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        game.open(taskId, c);
    }

    function test_open_unbondedChallenger_reverts() public {
        claimAs(worker, taskId, lyingTrace(1, 4, 0));
        ClaimProof memory c = TraceBuilder.claimProof(honest);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, requester, BOND, 0));
        game.open(taskId, c);
    }

    // ================================================================ bisect

    function test_bisect_challengerFirst_reverts() public {
        uint256 gameId = _dispute(lyingTrace(1, 2, 0), honest);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(honest, 0, 0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(GameNotYourTurn.selector, gameId, challenger, Party.Worker));
        game.bisect(gameId, l, r);
    }

    /// @dev Regression (misattribution): a move is the party's only if msg.sender is the party.
    function test_bisect_txOriginIsWorker_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(liar, 0, 0);
        vm.prank(requester, worker);
        vm.expectRevert(abi.encodeWithSelector(GameNotYourTurn.selector, gameId, requester, Party.Worker));
        game.bisect(gameId, l, r);
    }

    function test_bisect_childrenOfOtherTree_reverts() public {
        uint256 gameId = _dispute(lyingTrace(1, 2, 0), honest);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(honest, 0, 0);
        vm.prank(worker);
        vm.expectPartialRevert(GameBadChildren.selector);
        game.bisect(gameId, l, r);
    }

    function test_bisect_descendsLeftmostDifference_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 0); // tensors 2 and 4 differ
        uint256 gameId = _dispute(liar, honest);
        playMove(gameId, liar, honest);
        playMove(gameId, liar, honest);
        Game memory g = game.gameOf(gameId);
        // Root's children: left covers tensors 0..3 (differs at 2), so go left.
        assertEq(uint256(g.position.depth()), 1);
        assertEq(uint256(g.position.indexAtDepth()), 0);
        assertEq(g.workerNode, TraceBuilder.nodeAt(liar.traceLevels, 1, 0));
        assertEq(g.challengerNode, TraceBuilder.nodeAt(honest.traceLevels, 1, 0));
        playMove(gameId, liar, honest);
        playMove(gameId, liar, honest);
        playMove(gameId, liar, honest);
        playMove(gameId, liar, honest);
        g = game.gameOf(gameId);
        assertEq(uint256(g.phase), uint256(Phase.TensorHeader));
        assertEq(uint256(g.traceIndex), 2);
    }

    /// @dev A trace whose padding slots are not the zero word cannot be opened past them.
    function test_bisect_nonZeroPadding_reverts() public {
        // The liar's trace tree has a non-zero word in padding slot 6 (positions 5..7 are padding).
        Trace memory liar = lyingTrace(1, 4, 0);
        bytes32[] memory slots = new bytes32[](8);
        for (uint256 p; p < 5; ++p) slots[p] = liar.tensorHashes[p];
        slots[6] = keccak256("junk");
        liar.traceLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, slots);
        liar.root = liar.traceLevels[3][0];
        uint256 gameId = _dispute(liar, honest);
        // Root: right child (tensors 4..7) differs. Then (1,1): its right child (2,3) covers only padding.
        for (uint256 i; i < 2; ++i) playMove(gameId, liar, honest);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(liar, 1, 1);
        bytes32 z1 = LibMerkle.zeroHash(TRACE_NODE_DOMAIN, 1);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(GameBadPadding.selector, gameId, 3, r, z1));
        game.bisect(gameId, l, r);
        // The liar cannot move: it loses on time.
        vm.warp(block.timestamp + MOVE_CLOCK * 4 + 1);
        game.resolveTimeout(gameId);
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon));
    }

    function test_revealLeaf_duringBisection_reverts() public {
        uint256 gameId = _dispute(lyingTrace(1, 2, 0), honest);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(GameWrongPhase.selector, gameId, Phase.TraceBisection));
        game.revealLeaf(gameId, new bytes(LEAF_SIZE));
    }

    // ================================================================ header / leaf / step

    function _playUntil(uint256 gameId, Trace memory w, Trace memory c, Phase phase, Party turn) internal {
        for (uint256 i; i < 64; ++i) {
            Game memory g = game.gameOf(gameId);
            if (g.phase == phase && g.turn == turn) return;
            playMove(gameId, w, c);
        }
        fail("phase not reached");
    }

    function test_revealTensorRoot_wrongRoot_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.TensorHeader, Party.Worker);
        int256[] memory d = toy.descriptors[1];
        bytes32[] memory proof = TraceBuilder.opProof(toy, 1);
        bytes32 wrongRoot = TraceBuilder.tensorRoot(honest, 2);
        vm.prank(worker);
        vm.expectPartialRevert(GameBadTensorHeader.selector);
        game.revealTensorRoot(gameId, wrongRoot, d, proof);
    }

    function test_revealTensorRoot_otherOpsDescriptor_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.TensorHeader, Party.Worker);
        int256[] memory d = toy.descriptors[2];
        bytes32[] memory proof = TraceBuilder.opProof(toy, 2);
        bytes32 root = TraceBuilder.tensorRoot(liar, 2);
        vm.prank(worker);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        game.revealTensorRoot(gameId, root, d, proof);
    }

    function test_revealTensorRoot_extendsBudgetAndBound_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300); // element 300 lives in leaf 1
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.TensorBisection, Party.Worker);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.tensorDepth), 2);
        assertEq(uint256(g.elementCount), SIZE);
        assertEq(uint256(g.budget), MOVE_CLOCK * (4 + 4));
        assertEq(uint256(g.maxMoves), 8 + 7);
        _playUntil(gameId, liar, honest, Phase.LeafReveal, Party.Worker);
        g = game.gameOf(gameId);
        assertEq(uint256(g.position.indexAtDepth()), 1);
    }

    function test_revealLeaf_otherLeaf_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.LeafReveal, Party.Worker);
        bytes memory wrong = TraceBuilder.leaf(honest, 2, 1);
        vm.prank(worker);
        vm.expectPartialRevert(GameBadLeaf.selector);
        game.revealLeaf(gameId, wrong);
    }

    function test_pickElement_agreeingElement_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.LeafReveal, Party.Challenger);
        bytes memory cl = TraceBuilder.leaf(honest, 2, 1);
        bytes memory wl = TraceBuilder.leaf(liar, 2, 1);
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(GameElementsAgree.selector, gameId, 301, int256(TraceBuilder.toyValue(2, 301)))
        );
        game.pickElement(gameId, cl, wl, 301);
    }

    function test_pickElement_outsideLeaf_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.LeafReveal, Party.Challenger);
        bytes memory cl = TraceBuilder.leaf(honest, 2, 1);
        bytes memory wl = TraceBuilder.leaf(liar, 2, 1);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(GameBadElement.selector, gameId, 12));
        game.pickElement(gameId, cl, wl, 12);
    }

    function test_pickElement_byWorker_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.LeafReveal, Party.Worker);
        bytes memory wl = TraceBuilder.leaf(liar, 2, 1);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(GameNotYourTurn.selector, gameId, worker, Party.Challenger));
        game.pickElement(gameId, wl, wl, 300);
    }

    function test_pickElement_recordsValues_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.Step, Party.Worker);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.elementIndex), 300);
        assertEq(int256(g.challengerValue), int256(TraceBuilder.toyValue(2, 300)));
        assertEq(int256(g.workerValue), int256(TraceBuilder.toyValue(2, 300) ^ int8(0x5a)));
    }

    function test_step_presetEqualsWorker_workerWins_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.Step, Party.Worker);
        verifier.setPreset(game.gameOf(gameId).workerValue);
        vm.expectEmit(address(game));
        emit IDisputeGame.GameResolved(gameId, taskId, Party.Worker, Resolution.Step);
        vm.prank(requester); // anyone may step
        game.step(gameId, "");
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.WorkerWon));
    }

    function test_step_presetMatchesNeither_challengerWins_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.Step, Party.Worker);
        verifier.setPreset(1000); // no int8 equals it: the worker's value is wrong
        game.step(gameId, "");
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon));
    }

    function test_step_beforeElementPicked_reverts() public {
        uint256 gameId = _dispute(lyingTrace(1, 2, 300), honest);
        vm.expectRevert(abi.encodeWithSelector(GameWrongPhase.selector, gameId, Phase.TraceBisection));
        game.step(gameId, "");
    }

    // ================================================================ payouts

    function test_resolve_challengerWins_slashesWorkerRefundsRequester_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        uint256 moves = playToEnd(gameId, liar, honest);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.status), uint256(GameStatus.ChallengerWon));
        assertEq(moves, g.moves);
        assertLe(moves, g.maxMoves);
        assertEq(uint256(tasks.state(taskId)), uint256(TaskState.Rejected));
        uint256 toTreasury = uint256(MIN_STAKE) * SLASH_BPS / 10_000;
        assertEq(stake.creditsOf(challenger), MIN_STAKE - toTreasury);
        assertEq(stake.creditsOf(treasury), toTreasury);
        assertEq(stake.bondedOf(worker), 10 * uint256(MIN_STAKE) - MIN_STAKE);
        assertEq(stake.lockedOf(worker), 0);
        assertEq(stake.lockedOf(challenger), 0); // bond released
        assertEq(tasks.creditsOf(requester), FEE);
    }

    function test_resolve_workerWins_slashesBondReopensWindow_succeeds() public {
        Trace memory liar = lyingTrace(1, 3, 5);
        uint256 gameId = _dispute(honest, liar);
        playToEnd(gameId, honest, liar);
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.WorkerWon));
        uint256 toTreasury = uint256(BOND) * SLASH_BPS / 10_000;
        assertEq(stake.creditsOf(worker), BOND - toTreasury);
        assertEq(stake.creditsOf(treasury), toTreasury);
        assertEq(stake.bondedOf(challenger), 10 * uint256(BOND) - BOND);
        assertEq(stake.lockedOf(worker), MIN_STAKE); // still backing the claim
        // A fresh full window from the resolution, then the claim finalizes.
        assertEq(uint256(tasks.state(taskId)), uint256(TaskState.Challengeable));
        assertEq(uint256(tasks.taskOf(taskId).windowStart), block.timestamp);
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(taskId);
        assertEq(stake.lockedOf(worker), 0);
    }

    // ================================================================ clocks

    function _budget(uint256 gameId) internal view returns (uint256) {
        return game.gameOf(gameId).budget;
    }

    /// @dev Regression (last-second move): a move at exactly the budget is allowed and a
    /// timeout at that same second is not; one second later it is the reverse.
    function test_bisect_exactlyAtClockExpiry_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        vm.warp(block.timestamp + _budget(gameId));
        vm.expectRevert(
            abi.encodeWithSelector(GameClockNotExpired.selector, gameId, Party.Worker, _budget(gameId), _budget(gameId))
        );
        game.resolveTimeout(gameId);
        playMove(gameId, liar, honest);
        assertEq(uint256(game.gameOf(gameId).turn), uint256(Party.Challenger));
    }

    function test_bisect_oneSecondAfterClockExpiry_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        uint256 budget = _budget(gameId);
        vm.warp(block.timestamp + budget + 1);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(liar, 0, 0);
        vm.prank(worker);
        vm.expectRevert(abi.encodeWithSelector(GameClockExpired.selector, gameId, Party.Worker, budget + 1, budget));
        game.bisect(gameId, l, r);
        vm.prank(requester); // anyone may resolve
        game.resolveTimeout(gameId);
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon));
        assertEq(uint256(tasks.state(taskId)), uint256(TaskState.Rejected));
    }

    /// @dev Regression (clock inheritance): each clock accumulates only its own party's turns.
    /// The worker spends most of its budget; the challenger answers at once and must still
    /// have its whole budget, and the worker must not get the challenger's unused time.
    function test_clock_partyDoesNotInheritOtherClock_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(honest, liar);
        uint256 budget = _budget(gameId);
        vm.warp(block.timestamp + budget - 10);
        playMove(gameId, honest, liar); // worker: budget - 10 used
        playMove(gameId, honest, liar); // challenger: 0 used
        (uint256 wUsed,) = game.clockOf(gameId, Party.Worker);
        (uint256 cUsed,) = game.clockOf(gameId, Party.Challenger);
        assertEq(wUsed, budget - 10);
        assertEq(cUsed, 0);
        vm.warp(block.timestamp + 11);
        (wUsed,) = game.clockOf(gameId, Party.Worker);
        assertEq(wUsed, budget + 1);
        game.resolveTimeout(gameId);
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon));
    }

    function test_clock_stepRunsOnWorkerClock_succeeds() public {
        Trace memory liar = lyingTrace(1, 2, 300);
        uint256 gameId = _dispute(liar, honest);
        _playUntil(gameId, liar, honest, Phase.Step, Party.Worker);
        (uint256 used, uint256 budget) = game.clockOf(gameId, Party.Worker);
        vm.warp(block.timestamp + budget - used + 1);
        vm.expectRevert(abi.encodeWithSelector(GameClockExpired.selector, gameId, Party.Worker, budget + 1, budget));
        game.step(gameId, "");
        game.resolveTimeout(gameId);
        assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon));
    }

    // ================================================================ after resolution

    /// @dev Regression (moves after resolution): nothing moves a resolved game.
    function test_moves_afterResolution_reverts() public {
        Trace memory liar = lyingTrace(1, 2, 0);
        uint256 gameId = _dispute(liar, honest);
        vm.warp(block.timestamp + _budget(gameId) + 1);
        game.resolveTimeout(gameId);
        (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(liar, 0, 0);
        bytes memory err = abi.encodeWithSelector(GameNotInProgress.selector, gameId, GameStatus.ChallengerWon);
        vm.prank(worker);
        vm.expectRevert(err);
        game.bisect(gameId, l, r);
        vm.expectRevert(err);
        game.resolveTimeout(gameId);
        vm.expectRevert(err);
        game.step(gameId, "");
        vm.prank(worker);
        vm.expectRevert(err);
        game.revealLeaf(gameId, new bytes(LEAF_SIZE));
    }

    function test_gameOf_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(GameUnknown.selector, 5));
        game.gameOf(5);
    }

    // ================================================================ governance snapshot

    /// @dev Regression (parameter change while a dispute is open): the game keeps the task's
    /// snapshot of clock, bond and treasury share.
    function test_governanceChangeDuringDispute_usesSnapshot_succeeds() public {
        Trace memory liar = lyingTrace(1, 3, 5);
        claimAs(worker, taskId, honest);
        vm.startPrank(admin);
        params.setChallengerBond(400e18);
        params.setDisputeMoveClock(30 seconds);
        params.setSlashTreasuryBps(5_000);
        vm.stopPrank();
        uint256 gameId = openAs(challenger, taskId, liar);
        Game memory g = game.gameOf(gameId);
        assertEq(g.bond, BOND);
        assertEq(uint256(g.moveClock), MOVE_CLOCK);
        vm.startPrank(admin);
        params.setChallengerBond(1e18);
        params.setDisputeMoveClock(1 days);
        vm.stopPrank();
        playToEnd(gameId, honest, liar);
        uint256 toTreasury = uint256(BOND) * SLASH_BPS / 10_000;
        assertEq(stake.creditsOf(worker), BOND - toTreasury);
    }

    // ================================================================ lying at first / middle / last tensor

    function _lieAndPlay(bool workerLies, uint256 position, uint256 element) internal {
        Trace memory liar = lyingTrace(1, position, element);
        Trace memory w = workerLies ? liar : honest;
        Trace memory c = workerLies ? honest : liar;
        uint256 gameId = _dispute(w, c);
        uint256 moves = playToEnd(gameId, w, c);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.traceIndex), position, "first differing tensor");
        assertEq(uint256(g.elementIndex), element, "first differing element");
        assertEq(uint256(g.status), uint256(workerLies ? GameStatus.ChallengerWon : GameStatus.WorkerWon), "honest wins");
        assertLe(moves, g.maxMoves);
        // 2 x (3 trace rounds + header + 2 tensor rounds + leaf) + step
        assertEq(moves, 2 * (3 + 1 + 2 + 1) + 1);
    }

    function test_lie_workerAtFirstTensor_succeeds() public { _lieAndPlay(true, 1, 0); }
    function test_lie_workerAtMiddleTensor_succeeds() public { _lieAndPlay(true, 2, 311); }
    function test_lie_workerAtLastTensor_succeeds() public { _lieAndPlay(true, 4, 599); }
    function test_lie_challengerAtFirstTensor_succeeds() public { _lieAndPlay(false, 1, 599); }
    function test_lie_challengerAtMiddleTensor_succeeds() public { _lieAndPlay(false, 3, 256); }
    function test_lie_challengerAtLastTensor_succeeds() public { _lieAndPlay(false, 4, 0); }
}

/// @dev Tensors of one leaf: the tensor tree has depth 0, so the header leads straight to the leaf.
contract DisputeGameSingleLeafTest is GameDriver {
    function setUp() public {
        setUpVouch(2, 100);
    }

    function test_playToEnd_singleLeafTensor_succeeds() public {
        Trace memory honest = honestTrace(3);
        Trace memory liar = lyingTrace(3, 1, 99);
        uint256 taskId = createTask(honest);
        claimAs(worker, taskId, liar);
        uint256 gameId = openAs(challenger, taskId, honest);
        uint256 moves = playToEnd(gameId, liar, honest);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.status), uint256(GameStatus.ChallengerWon));
        assertEq(uint256(g.tensorDepth), 0);
        // 2 x (2 trace rounds + header + leaf) + step
        assertEq(moves, 9);
        assertEq(moves, g.maxMoves);
    }
}
