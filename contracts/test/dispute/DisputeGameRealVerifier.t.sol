// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameDriver} from "./utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.sol";
import {LEAF_SIZE} from "../../src/lib/CommitConstants.sol";
import {IStepVerifier, StepQuery} from "../../src/dispute/interfaces/IStepVerifier.sol";
import {Game, GameStatus, Phase} from "../../src/dispute/lib/Types.sol";
import {ModelStepProof, ModelStepVerifier} from "../../src/verifier/ModelStepVerifier.sol";
import {StepOperandNotAgreed} from "../../src/verifier/VerifierErrors.sol";
import {LeafProof, OperandOpening, StepProof} from "../../src/verifier/LibStepBinding.sol";

/// @dev The same game with the REAL step verifier (ModelStepVerifier, src/verifier): the toy
/// model's ops are reshapes, so an honest trace repeats the input, and the step proves the leaf
/// of the one element it reads against the agreed trace tensor.
contract DisputeGameRealVerifierTest is GameDriver {
    uint256 internal constant OPS = 4;
    uint256 internal constant SIZE = 600;
    bytes internal input;
    Trace internal honest;
    uint256 internal taskId;

    function stepVerifierForGame() internal virtual override returns (IStepVerifier) {
        return new ModelStepVerifier();
    }

    function setUp() public {
        setUpVouch(OPS, SIZE);
        input = TraceBuilder.inputData(SIZE, 7);
        honest = TraceBuilder.build(SIZE, _copies(input));
        taskId = createTask(honest);
    }

    function _copies(bytes memory data) internal pure returns (bytes[] memory t) {
        t = new bytes[](OPS + 1);
        for (uint256 p; p <= OPS; ++p) t[p] = data;
    }

    function _liar(uint256 position, uint256 element) internal view returns (Trace memory) {
        bytes[] memory t = TraceBuilder.corrupt(_copies(input), position, element, 0x5a);
        if (position != OPS) t = TraceBuilder.corrupt(t, OPS, 1, 0x33);
        return TraceBuilder.build(SIZE, t);
    }

    /// @dev Reshape of value j-1 at trace position j: one read of element e of tensor j-1,
    /// proven against the worker's trace (tensors before j are agreed).
    function stepProof(Game memory g, Trace memory w) internal pure override returns (bytes memory) {
        uint256 j = g.traceIndex;
        uint256 e = g.elementIndex;
        ModelStepProof memory sw;
        sw.descriptor = abi.encodePacked(_descriptor(j - 1));
        sw.descriptorSiblings = new bytes32[](0); // filled by the caller (needs storage)
        sw.tensorHashes = new bytes32[](1);
        sw.tensorHashes[0] = w.tensorHashes[j - 1];
        sw.tensorSiblings = new bytes32[][](1);
        sw.tensorSiblings[0] = MerkleBuilder.proof(w.traceLevels, j - 1);
        uint256 leafIndex = e / LEAF_SIZE;
        uint256[] memory shape = new uint256[](1);
        shape[0] = SIZE;
        sw.step.openings = new OperandOpening[](1);
        sw.step.openings[0] = OperandOpening({dtype: 1, shape: shape, root: TraceBuilder.tensorRoot(w, j - 1)});
        sw.step.leaves = new LeafProof[](1);
        sw.step.leaves[0] = LeafProof({
            operand: 0,
            leafIndex: leafIndex,
            leaf: TraceBuilder.leaf(w, j - 1, leafIndex),
            siblings: MerkleBuilder.proof(w.tensorLevels[j - 1], leafIndex)
        });
        return abi.encode(sw);
    }

    function _descriptor(uint256 opIndex) internal pure returns (int256[] memory d) {
        d = new int256[](4);
        d[0] = 10;
        d[1] = 1;
        d[2] = int256(SIZE);
        d[3] = int256(opIndex);
    }

    function _play(Trace memory w, Trace memory c) internal returns (Game memory g) {
        claimAs(worker, taskId, w);
        uint256 gameId = openAs(challenger, taskId, c);
        for (uint256 i; i < 64; ++i) {
            g = game.gameOf(gameId);
            if (g.phase == Phase.Step) break;
            playMove(gameId, w, c);
        }
        bytes memory proof = _withOpProof(stepProof(g, w), g.traceIndex - 1);
        game.step(gameId, proof);
        g = game.gameOf(gameId);
    }

    function _withOpProof(bytes memory proof, uint256 opIndex) internal view returns (bytes memory) {
        ModelStepProof memory sw = abi.decode(proof, (ModelStepProof));
        sw.descriptorSiblings = TraceBuilder.opProof(toy, opIndex);
        return abi.encode(sw);
    }

    function test_realVerifier_workerLiesAtMiddle_challengerWins_succeeds() public {
        Game memory g = _play(_liar(2, 300), honest);
        assertEq(uint256(g.status), uint256(GameStatus.ChallengerWon));
        assertEq(uint256(g.traceIndex), 2);
    }

    function test_realVerifier_workerLiesAtFirst_challengerWins_succeeds() public {
        Game memory g = _play(_liar(1, 599), honest);
        assertEq(uint256(g.status), uint256(GameStatus.ChallengerWon));
    }

    function test_realVerifier_challengerLiesAtLast_workerWins_succeeds() public {
        Game memory g = _play(honest, _liar(4, 0));
        assertEq(uint256(g.status), uint256(GameStatus.WorkerWon));
    }

    /// @dev A (malicious) registered model whose op 1 reads value 2, i.e. the disputed tensor
    /// itself: the verifier refuses any trace read at or after the disputed position.
    function test_realVerifier_readOfDisputedTensor_reverts() public {
        ModelStepVerifier stepVerifier = new ModelStepVerifier();
        bytes32[] memory opLeaves = new bytes32[](2);
        opLeaves[0] = sha256(abi.encodePacked(bytes1(0x04), _descriptor(0)));
        int256[] memory forward = _descriptor(1);
        forward[3] = 2;
        opLeaves[1] = sha256(abi.encodePacked(bytes1(0x04), forward));
        bytes32[][] memory levels = MerkleBuilder.build(0x03, opLeaves);
        ModelStepProof memory sw;
        sw.descriptor = abi.encodePacked(forward);
        sw.descriptorSiblings = MerkleBuilder.proof(levels, 1);
        sw.tensorHashes = new bytes32[](1);
        sw.tensorSiblings = new bytes32[][](1);
        StepQuery memory q = StepQuery({
            opsRoot: levels[1][0],
            constantsRoot: bytes32(0),
            opCount: 2,
            constantCount: 0,
            inputCount: 1,
            traceLength: 3,
            traceRoot: honest.root,
            opIndex: 1,
            elementIndex: 0
        });
        vm.expectRevert(abi.encodeWithSelector(StepOperandNotAgreed.selector, 0, 2, 2));
        stepVerifier.computeElement(q, abi.encode(sw));
    }
}
