// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../../utils/Test.sol";
import {VouchToken} from "../../../src/token/VouchToken.sol";
import {ProtocolParams} from "../../../src/governance/ProtocolParams.sol";
import {Params} from "../../../src/governance/IProtocolParams.sol";
import {StakeManager} from "../../../src/stake/StakeManager.sol";
import {IdentityRegistry} from "../../../src/identity/IdentityRegistry.sol";
import {ValidationRegistry} from "../../../src/identity/ValidationRegistry.sol";
import {ModelRegistry} from "../../../src/tasks/ModelRegistry.sol";
import {Tasks} from "../../../src/tasks/Tasks.sol";
import {ClaimProof, VerificationMode} from "../../../src/tasks/ITasks.sol";
import {DisputeGame} from "../../../src/dispute/DisputeGame.sol";
import {IStepVerifier} from "../../../src/dispute/interfaces/IStepVerifier.sol";
import {ToyStepVerifier} from "../../dispute/mocks/ToyStepVerifier.sol";
import {TraceBuilder, Trace, ToyModel} from "./TraceBuilder.sol";

/// @dev Deploys the whole protocol (token, params, stake, identity/validation registries,
/// models, tasks, dispute game with the toy step verifier) and funds three actors.
abstract contract VouchFixture is Test {
    VouchToken internal token;
    ProtocolParams internal params;
    StakeManager internal stake;
    IdentityRegistry internal identity;
    ValidationRegistry internal validation;
    ModelRegistry internal models;
    Tasks internal tasks;
    DisputeGame internal game;
    ToyStepVerifier internal verifier;

    address internal admin; // stands in for the timelock
    address internal treasury;
    address internal requester;
    address internal worker;
    address internal challenger;

    ToyModel internal toy;
    bytes32 internal modelId;

    uint256 internal constant FEE = 10e18;
    uint256 internal constant FUNDS = 1_000_000e18;
    uint64 internal constant WINDOW = 10 minutes;
    uint64 internal constant MOVE_CLOCK = 2 minutes;
    uint128 internal constant MIN_STAKE = 100e18;
    uint128 internal constant BOND = 50e18;
    uint16 internal constant SLASH_BPS = 1_000;
    uint16 internal constant FEE_BPS = 100;

    function fixtureParams() internal view returns (Params memory) {
        return Params({
            challengeWindow: WINDOW,
            disputeMoveClock: MOVE_CLOCK,
            unbondingDelay: 1 days,
            slashTreasuryBps: SLASH_BPS,
            protocolFeeBps: FEE_BPS,
            treasury: treasury,
            minStake: MIN_STAKE,
            challengerBond: BOND
        });
    }

    /// @dev The verifier the game is built with: the toy by default; end-to-end tests pass
    /// the real one (one constructor argument).
    function stepVerifierForGame() internal virtual returns (IStepVerifier) {
        return verifier;
    }

    /// @dev opCount ops over int8 [size] tensors (trace length opCount + 1).
    function setUpVouch(uint256 opCount, uint256 size) internal {
        vm.warp(1_700_000_000);
        admin = makeAddr("admin");
        treasury = makeAddr("treasury");
        requester = makeAddr("requester");
        worker = makeAddr("worker");
        challenger = makeAddr("challenger");

        token = new VouchToken(address(this));
        params = new ProtocolParams(admin, fixtureParams());
        stake = new StakeManager(admin, token, params);
        identity = new IdentityRegistry();
        validation = new ValidationRegistry(address(identity));
        models = new ModelRegistry();
        tasks = new Tasks(token, params, stake, models, validation);
        verifier = new ToyStepVerifier();
        game = new DisputeGame(tasks, models, stake, stepVerifierForGame());
        tasks.bindDisputeGame(address(game));
        vm.startPrank(admin);
        stake.setGame(address(tasks), true);
        stake.setGame(address(game), true);
        vm.stopPrank();

        toy = TraceBuilder.toyModel(opCount, size);
        modelId = models.register(toy.modelId, toy.ioWords, toy.opsRoot, bytes32(0), uint32(opCount), 0);

        address[3] memory actors = [requester, worker, challenger];
        for (uint256 i; i < 3; ++i) {
            require(token.transfer(actors[i], FUNDS), "fund");
            vm.startPrank(actors[i]);
            token.approve(address(tasks), type(uint256).max);
            token.approve(address(stake), type(uint256).max);
            vm.stopPrank();
        }
        vm.prank(worker);
        stake.bond(10 * uint256(MIN_STAKE));
        vm.prank(challenger);
        stake.bond(10 * uint256(BOND));
    }

    function honestTrace(uint256 inputSeed) internal view returns (Trace memory) {
        bytes memory input = TraceBuilder.inputData(toy.size, inputSeed);
        return TraceBuilder.build(toy.size, TraceBuilder.honestTensors(toy, input));
    }

    /// @dev The honest trace with element `element` of tensor `position` changed (and the
    /// output changed too, so the claim differs at the output).
    function lyingTrace(uint256 inputSeed, uint256 position, uint256 element) internal view returns (Trace memory) {
        bytes memory input = TraceBuilder.inputData(toy.size, inputSeed);
        bytes[] memory t = TraceBuilder.honestTensors(toy, input);
        t = TraceBuilder.corrupt(t, position, element, 0x5a);
        if (position != toy.opCount) t = TraceBuilder.corrupt(t, toy.opCount, 0, 0x33);
        return TraceBuilder.build(toy.size, t);
    }

    function createTask(Trace memory tr) internal returns (uint256 taskId) {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = tr.tensorHashes[0];
        vm.prank(requester);
        taskId = tasks.createTask(modelId, inputs, FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, "");
    }

    function claimAs(address who, uint256 taskId, Trace memory tr) internal {
        ClaimProof memory c = TraceBuilder.claimProof(tr);
        vm.prank(who);
        tasks.claim(taskId, c);
    }

    function openAs(address who, uint256 taskId, Trace memory tr) internal returns (uint256 gameId) {
        ClaimProof memory c = TraceBuilder.claimProof(tr);
        vm.prank(who);
        gameId = game.open(taskId, c);
    }
}
