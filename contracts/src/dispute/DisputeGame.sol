// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DTYPE_INT8, LEAF_SIZE, NODE_DOMAIN, TRACE_NODE_DOMAIN} from "../lib/CommitConstants.sol";
import {LibMerkle} from "../lib/LibMerkle.sol";
import {LibTensorCommit} from "../lib/LibTensorCommit.sol";
import {LibTraceCommit} from "../lib/LibTraceCommit.sol";
import {IStakeManager} from "../stake/IStakeManager.sol";
import {IModelRegistry, ModelCommitment} from "../tasks/IModelRegistry.sol";
import {ITasks, ClaimProof, DisputeTerms} from "../tasks/ITasks.sol";
import {LibClaim} from "../tasks/LibClaim.sol";
import {IDisputeGame} from "./interfaces/IDisputeGame.sol";
import {IStepVerifier, StepQuery} from "./interfaces/IStepVerifier.sol";
import {Clock, Game, GameStatus, Party, Phase, Position, Resolution} from "./lib/Types.sol";
import {LibClock} from "./lib/LibClock.sol";
import {LibPosition} from "./lib/LibPosition.sol";
import {
    GameUnknown,
    GameNotInProgress,
    GameWrongPhase,
    GameNotYourTurn,
    GameClockExpired,
    GameClockNotExpired,
    GameBadChildren,
    GameBadPadding,
    GameBadTensorHeader,
    GameBadDescriptor,
    GameBadLeaf,
    GameBadElement,
    GameElementsAgree,
    GameSameOutput,
    GameSelfDispute,
    GameFloatModel,
    GameMoveBound,
    GameZeroAddress
} from "./lib/Errors.sol";

/// @title DisputeGame
/// @notice Bisection dispute between a task's worker and one challenger
/// (docs/dispute-protocol.md): top-down over the two trace trees to the first differing
/// tensor j, then over the two tensor trees of j to the first differing leaf, then one
/// element is recomputed by the step verifier from agreed inputs. Each party has a chess
/// clock; whoever runs out loses, and anyone can call resolveTimeout. The challenger's bond
/// is a StakeManager lock held by this contract; the worker's stake is the lock Tasks holds.
/// @dev An invalid move (children, header or leaf that do not open the party's own
/// commitment) reverts: a party that cannot make a valid move can only let its clock run out.
contract DisputeGame is IDisputeGame {
    bytes1 private constant _OP_LEAF_DOMAIN = 0x04;

    ITasks private immutable _tasks;
    IModelRegistry private immutable _models;
    IStakeManager private immutable _stake;
    IStepVerifier private immutable _verifier;

    uint256 private _gameCount;
    mapping(uint256 gameId => Game) private _games;
    /// Model geometry needed on every move, copied at open (the registry never changes it).
    mapping(uint256 gameId => uint256) private _geometry; // inputCount << 32 | traceLength

    constructor(ITasks tasks_, IModelRegistry models_, IStakeManager stake_, IStepVerifier verifier_) {
        // INVARIANT: The game is wired to real contracts.
        if (
            address(tasks_) == address(0) || address(models_) == address(0) || address(stake_) == address(0)
                || address(verifier_) == address(0)
        ) revert GameZeroAddress();
        _tasks = tasks_;
        _models = models_;
        _stake = stake_;
        _verifier = verifier_;
    }

    // ================================================================ open

    /// @inheritdoc IDisputeGame
    /// @dev The challenger (msg.sender) posts its own trace root and output with the same
    /// end proofs a claim needs: both traces then start with the task's inputs and end with
    /// different outputs, so the first differing tensor is an op output.
    function open(uint256 taskId, ClaimProof calldata proof) external returns (uint256 gameId) {
        DisputeTerms memory terms = _tasks.openDispute(taskId, msg.sender);
        // INVARIANT: A worker cannot dispute (and so cheaply re-open the window of) its own claim.
        if (msg.sender == terms.worker) revert GameSelfDispute(taskId, msg.sender);
        // INVARIANT: A dispute is about a different output.
        if (proof.outputHash == terms.outputHash) revert GameSameOutput(taskId, proof.outputHash);
        ModelCommitment memory m = _models.modelOf(terms.modelId);
        // INVARIANT: Only int8 claims are bisected: a float model (opCount 0) has no ops to recompute.
        if (m.opCount == 0) revert GameFloatModel(taskId, terms.modelId);
        LibClaim.verifyTraceEnds(terms.inputsHash, m.inputCount, m.traceLength, proof);

        // Counter below 2^256: one increment per transaction.
        unchecked {
            gameId = ++_gameCount;
        }
        uint8 traceDepth = uint8(LibTraceCommit.traceDepth(m.traceLength));
        Game storage g = _games[gameId];
        g.taskId = uint64(taskId);
        g.status = GameStatus.InProgress;
        g.phase = Phase.TraceBisection;
        g.turn = Party.Worker;
        g.traceDepth = traceDepth;
        // Trace rounds plus the header round, two moves each.
        g.maxMoves = 2 * (uint16(traceDepth) + 1);
        g.treasuryBps = terms.params.slashTreasuryBps;
        g.moveClock = terms.params.disputeMoveClock;
        g.budget = terms.params.disputeMoveClock * (uint64(traceDepth) + 1);
        g.worker = terms.worker;
        g.challenger = msg.sender;
        g.position = LibPosition.root();
        g.workerClock = LibClock.wrap(0, uint64(block.timestamp));
        g.workerNode = terms.traceRoot;
        g.challengerNode = proof.traceRoot;
        g.modelId = terms.modelId;
        g.workerTraceRoot = terms.traceRoot;
        g.bond = terms.params.challengerBond;
        _geometry[gameId] = (uint256(m.inputCount) << 32) | m.traceLength;
        emit GameOpened(
            gameId, taskId, msg.sender, terms.worker, proof.traceRoot, proof.outputHash, terms.params.challengerBond
        );
        // INVARIANT: Every dispute is backed by the snapshot's challenger bond, locked until resolved.
        _stake.lockStake(msg.sender, bytes32(gameId), terms.params.challengerBond);
    }

    // ================================================================ moves

    /// @inheritdoc IDisputeGame
    function bisect(uint256 gameId, bytes32 left, bytes32 right) external {
        Game storage g = _game(gameId);
        Phase phase = g.phase;
        // INVARIANT: Children are revealed only while bisecting a tree.
        if (phase != Phase.TraceBisection && phase != Phase.TensorBisection) revert GameWrongPhase(gameId, phase);
        Party mover = _beginMove(g, gameId);
        bool trace = phase == Phase.TraceBisection;
        _checkChildren(g, gameId, mover, trace, left, right);
        Position pos = g.position;
        emit Bisected(gameId, mover, pos.raw(), left, right);

        if (mover == Party.Worker) {
            g.pendingLeft = left;
            g.pendingRight = right;
            _passTurn(g, Party.Worker);
            return;
        }
        // Both revealed: descend into the leftmost child where they differ. The parents
        // differ, so if the left children agree the right ones differ.
        bytes32 workerLeft = g.pendingLeft;
        if (workerLeft != left) {
            g.workerNode = workerLeft;
            g.challengerNode = left;
            pos = pos.left();
        } else {
            g.workerNode = g.pendingRight;
            g.challengerNode = right;
            pos = pos.right();
        }
        g.position = pos;
        if (pos.depth() == (trace ? g.traceDepth : g.tensorDepth)) {
            if (trace) {
                g.phase = Phase.TensorHeader;
                g.traceIndex = uint32(pos.indexAtDepth());
            } else {
                g.phase = Phase.LeafReveal;
            }
        }
        _passTurn(g, Party.Challenger);
    }

    /// @inheritdoc IDisputeGame
    /// @dev Opens the party's tensor hash at trace leaf j: the shape comes from op
    /// j - inputCount's descriptor, proven against the model's opsRoot; the dtype is int8
    /// (every trace value is int8, src/runtime/model.ts).
    function revealTensorRoot(uint256 gameId, bytes32 root, int256[] calldata descriptor, bytes32[] calldata opProof)
        external
    {
        Game storage g = _game(gameId);
        // INVARIANT: Tensor headers are opened only at the first differing trace leaf.
        if (g.phase != Phase.TensorHeader) revert GameWrongPhase(gameId, g.phase);
        Party mover = _beginMove(g, gameId);
        uint256[] memory shape = _provenOutShape(g, gameId, descriptor, opProof);
        bytes32 node = mover == Party.Worker ? g.workerNode : g.challengerNode;
        bytes32 computed = LibTensorCommit.hashTensor(DTYPE_INT8, shape, root);
        // INVARIANT: The root, with the model's dtype and shape, is the party's trace leaf.
        if (computed != node) revert GameBadTensorHeader(gameId, node, computed);
        emit TensorRootRevealed(gameId, mover, g.traceIndex, root);

        if (mover == Party.Worker) {
            g.pendingLeft = root;
            _passTurn(g, Party.Worker);
            return;
        }
        // Same dtype and shape, different tensor hashes: the roots differ.
        g.workerNode = g.pendingLeft;
        g.challengerNode = root;
        uint256 count = LibTensorCommit.elementCount(shape);
        // INVARIANT: The element count fits its slot (a model's tensors are far below 2^64 bytes).
        if (count > type(uint64).max) revert GameBadDescriptor(gameId, 1, int256(shape.length));
        uint8 tensorDepth = uint8(LibTensorCommit.treeDepth(DTYPE_INT8, count));
        g.elementCount = uint64(count);
        g.tensorDepth = tensorDepth;
        g.position = LibPosition.root();
        // Tensor rounds, the leaf round (two moves each) and the step.
        g.maxMoves += 2 * (uint16(tensorDepth) + 1) + 1;
        g.budget += g.moveClock * (uint64(tensorDepth) + 2);
        g.phase = tensorDepth == 0 ? Phase.LeafReveal : Phase.TensorBisection;
        _passTurn(g, Party.Challenger);
    }

    /// @inheritdoc IDisputeGame
    /// @dev The worker opens its differing leaf (published in the event for the challenger).
    function revealLeaf(uint256 gameId, bytes calldata leaf) external {
        Game storage g = _game(gameId);
        // INVARIANT: Leaves are opened only at the first differing tensor leaf.
        if (g.phase != Phase.LeafReveal) revert GameWrongPhase(gameId, g.phase);
        Party mover = _beginMove(g, gameId);
        // INVARIANT: The worker opens its leaf first; the challenger answers with pickElement.
        if (mover != Party.Worker) revert GameNotYourTurn(gameId, msg.sender, Party.Worker);
        uint256 leafIndex = g.position.indexAtDepth();
        _checkLeaf(gameId, g.workerNode, leafIndex, g.elementCount, leaf);
        emit LeafRevealed(gameId, Party.Worker, leafIndex, leaf);
        _passTurn(g, Party.Worker);
    }

    /// @inheritdoc IDisputeGame
    /// @dev The challenger opens its leaf, repeats the worker's (checked against the worker's
    /// node) and names an element where the two differ. Any such element decides the game:
    /// the step verifier's value can equal at most one of the two.
    function pickElement(uint256 gameId, bytes calldata leaf, bytes calldata workerLeaf, uint256 elementIndex)
        external
    {
        Game storage g = _game(gameId);
        // INVARIANT: Elements are picked only at the first differing tensor leaf.
        if (g.phase != Phase.LeafReveal) revert GameWrongPhase(gameId, g.phase);
        Party mover = _beginMove(g, gameId);
        // INVARIANT: Only the challenger picks, after the worker opened its leaf.
        if (mover != Party.Challenger) revert GameNotYourTurn(gameId, msg.sender, Party.Challenger);
        uint256 leafIndex = g.position.indexAtDepth();
        uint256 count = g.elementCount;
        _checkLeaf(gameId, g.challengerNode, leafIndex, count, leaf);
        _checkLeaf(gameId, g.workerNode, leafIndex, count, workerLeaf);
        // INVARIANT: The element is in the disputed leaf and in the tensor (int8: one byte each).
        if (elementIndex / LEAF_SIZE != leafIndex || elementIndex >= count) revert GameBadElement(gameId, elementIndex);
        uint256 offset = elementIndex % LEAF_SIZE;
        int8 w = int8(uint8(workerLeaf[offset]));
        int8 c = int8(uint8(leaf[offset]));
        // INVARIANT: The parties disagree on the element to be recomputed.
        if (w == c) revert GameElementsAgree(gameId, elementIndex, w);
        g.workerValue = w;
        g.challengerValue = c;
        g.elementIndex = uint64(elementIndex);
        g.phase = Phase.Step;
        emit LeafRevealed(gameId, Party.Challenger, leafIndex, leaf);
        emit ElementPicked(gameId, elementIndex, w, c);
        _passTurn(g, Party.Challenger);
    }

    /// @inheritdoc IDisputeGame
    /// @dev Anyone may submit the step (its result depends only on proofs of agreed data);
    /// it runs on the worker's clock, since the worker defends its value.
    function step(uint256 gameId, bytes calldata proof) external {
        Game storage g = _game(gameId);
        // INVARIANT: The step comes after an element has been picked.
        if (g.phase != Phase.Step) revert GameWrongPhase(gameId, g.phase);
        _checkClock(g, gameId, Party.Worker);
        _countMove(g, gameId);
        uint256 geometry = _geometry[gameId];
        uint256 inputCount = geometry >> 32;
        ModelCommitment memory m = _models.modelOf(g.modelId);
        int256 value = _verifier.computeElement(
            StepQuery({
                opsRoot: m.opsRoot,
                constantsRoot: m.constantsRoot,
                opCount: m.opCount,
                constantCount: m.constantCount,
                inputCount: inputCount,
                traceLength: uint32(geometry),
                traceRoot: g.workerTraceRoot,
                opIndex: g.traceIndex - inputCount,
                elementIndex: g.elementIndex
            }),
            proof
        );
        emit Stepped(gameId, msg.sender, value);
        _resolve(g, gameId, value == g.workerValue ? Party.Worker : Party.Challenger, Resolution.Step);
    }

    /// @inheritdoc IDisputeGame
    function resolveTimeout(uint256 gameId) external {
        Game storage g = _game(gameId);
        Party late = g.turn;
        uint256 used = (late == Party.Worker ? g.workerClock : g.challengerClock).usedAt(block.timestamp);
        // INVARIANT: A party loses on time only once it has used more than its budget.
        if (used <= g.budget) revert GameClockNotExpired(gameId, late, used, g.budget);
        _resolve(g, gameId, late == Party.Worker ? Party.Challenger : Party.Worker, Resolution.Timeout);
    }

    // ================================================================ views

    function gameOf(uint256 gameId) external view returns (Game memory) {
        Game storage g = _games[gameId];
        // INVARIANT: Only opened games are read.
        if (g.status == GameStatus.None) revert GameUnknown(gameId);
        return g;
    }

    function gameCount() external view returns (uint256) {
        return _gameCount;
    }

    function clockOf(uint256 gameId, Party party) external view returns (uint256 used, uint256 budget) {
        Game storage g = _games[gameId];
        if (g.status == GameStatus.None) revert GameUnknown(gameId);
        Clock c = party == Party.Worker ? g.workerClock : g.challengerClock;
        used = g.status == GameStatus.InProgress && g.turn == party ? c.usedAt(block.timestamp) : c.used();
        budget = g.budget;
    }

    function stepVerifier() external view returns (IStepVerifier) {
        return _verifier;
    }

    // ================================================================ internal

    /// @dev Loads an in-progress game.
    function _game(uint256 gameId) private view returns (Game storage g) {
        g = _games[gameId];
        GameStatus status = g.status;
        // INVARIANT: Only opened games are played.
        if (status == GameStatus.None) revert GameUnknown(gameId);
        // INVARIANT: Moves cannot be made once the game is resolved.
        if (status != GameStatus.InProgress) revert GameNotInProgress(gameId, status);
    }

    /// @dev Checks the caller is the party to move, with time left and moves left.
    function _beginMove(Game storage g, uint256 gameId) private returns (Party mover) {
        mover = g.turn;
        address expected = mover == Party.Worker ? g.worker : g.challenger;
        // INVARIANT: Only the party to move moves, identified by msg.sender (never tx.origin).
        if (msg.sender != expected) revert GameNotYourTurn(gameId, msg.sender, mover);
        _checkClock(g, gameId, mover);
        _countMove(g, gameId);
    }

    function _checkClock(Game storage g, uint256 gameId, Party party) private view {
        Clock c = party == Party.Worker ? g.workerClock : g.challengerClock;
        uint256 used = c.usedAt(block.timestamp);
        // INVARIANT: A move is allowed up to and including the last second of the budget.
        if (used > g.budget) revert GameClockExpired(gameId, party, used, g.budget);
    }

    function _countMove(Game storage g, uint256 gameId) private {
        uint16 moves = g.moves;
        // INVARIANT: A game never exceeds its move bound (unreachable: each phase ends by construction).
        if (moves >= g.maxMoves) revert GameMoveBound(gameId, moves, g.maxMoves);
        g.moves = moves + 1;
    }

    /// @dev Stops the mover's clock and starts the other party's: each clock only ever
    /// accumulates its own party's turns.
    function _passTurn(Game storage g, Party mover) private {
        if (mover == Party.Worker) {
            g.workerClock = g.workerClock.stop(block.timestamp);
            g.challengerClock = g.challengerClock.start(block.timestamp);
            g.turn = Party.Challenger;
        } else {
            g.challengerClock = g.challengerClock.stop(block.timestamp);
            g.workerClock = g.workerClock.start(block.timestamp);
            g.turn = Party.Worker;
        }
    }

    /// @dev Reverts unless (left, right) open the mover's node and respect padding.
    function _checkChildren(Game storage g, uint256 gameId, Party mover, bool trace, bytes32 left, bytes32 right)
        private
        view
    {
        bytes1 domain = trace ? TRACE_NODE_DOMAIN : NODE_DOMAIN;
        bytes32 node = mover == Party.Worker ? g.workerNode : g.challengerNode;
        bytes32 computed = LibMerkle.hashNode(domain, left, right);
        // INVARIANT: A party reveals the children of its own committed node.
        if (computed != node) revert GameBadChildren(gameId, node, computed);
        uint256 leaves = trace
            ? uint32(_geometry[gameId])
            : LibTensorCommit.dataLeafCount(g.elementCount, LEAF_SIZE);
        _checkPadding(gameId, domain, g.position, trace ? g.traceDepth : g.tensorDepth, leaves, left, right);
    }

    /// @dev A child whose leaves are all padding must be the padding hash of its height, so
    /// the bisection never descends into padding and every leaf reached is real data.
    function _checkPadding(
        uint256 gameId,
        bytes1 domain,
        Position pos,
        uint256 treeDepth,
        uint256 leaves,
        bytes32 left,
        bytes32 right
    ) private view {
        uint256 height = treeDepth - pos.depth() - 1;
        uint256 leftChild = uint256(pos.indexAtDepth()) * 2;
        if ((leftChild + 1) << height < leaves) return;
        bytes32 zero = LibMerkle.zeroHash(domain, height);
        // INVARIANT: An all-padding right subtree is Z[height].
        if (right != zero) revert GameBadPadding(gameId, leftChild + 1, right, zero);
        // INVARIANT: An all-padding left subtree is Z[height].
        if (leftChild << height >= leaves && left != zero) revert GameBadPadding(gameId, leftChild, left, zero);
    }

    /// @dev Reverts unless `descriptor` is op (traceIndex - inputCount) of the model; returns its output shape.
    function _provenOutShape(Game storage g, uint256 gameId, int256[] calldata descriptor, bytes32[] calldata opProof)
        private
        view
        returns (uint256[] memory shape)
    {
        ModelCommitment memory m = _models.modelOf(g.modelId);
        uint256 opIndex = g.traceIndex - (_geometry[gameId] >> 32);
        bytes32 opLeaf = sha256(abi.encodePacked(_OP_LEAF_DOMAIN, descriptor));
        // INVARIANT: The shape comes from the registered model, never from a party.
        LibTraceCommit.verifyTensorInTrace(m.opsRoot, m.opCount, opIndex, opLeaf, opProof);
        // [kind, outRank, outShape...]
        if (descriptor.length < 2) revert GameBadDescriptor(gameId, descriptor.length, 0);
        int256 rank = descriptor[1];
        if (rank < 0 || rank > 255 || descriptor.length < 2 + uint256(rank)) revert GameBadDescriptor(gameId, 1, rank);
        shape = new uint256[](uint256(rank));
        for (uint256 i; i < shape.length; ++i) {
            int256 d = descriptor[2 + i];
            if (d < 0 || d > int256(uint256(type(uint32).max))) revert GameBadDescriptor(gameId, 2 + i, d);
            shape[i] = uint256(d);
        }
    }

    /// @dev Reverts unless `leaf` is the canonical leaf (zero past the tensor's end) hashing to `node`.
    function _checkLeaf(uint256 gameId, bytes32 node, uint256 leafIndex, uint256 count, bytes calldata leaf)
        private
        pure
    {
        // INVARIANT: A leaf has exactly LEAF_SIZE bytes.
        if (leaf.length != LEAF_SIZE) revert GameBadLeaf(gameId, node, bytes32(0));
        bytes32 computed = LibMerkle.hashLeaf(leaf);
        // INVARIANT: The party opens its own committed leaf.
        if (computed != node) revert GameBadLeaf(gameId, node, computed);
        uint256 start = leafIndex * LEAF_SIZE;
        for (uint256 b = count > start ? count - start : 0; b < LEAF_SIZE; ++b) {
            // INVARIANT: Bytes past the tensor's end are zero (one canonical leaf per tensor).
            if (leaf[b] != 0) revert GameBadLeaf(gameId, node, computed);
        }
    }

    /// @dev Ends the game; the loser's lock pays the winner (treasury share from the snapshot).
    function _resolve(Game storage g, uint256 gameId, Party winner, Resolution resolution) private {
        g.status = winner == Party.Worker ? GameStatus.WorkerWon : GameStatus.ChallengerWon;
        uint256 taskId = g.taskId;
        emit GameResolved(gameId, taskId, winner, resolution);
        if (winner == Party.Worker) {
            _stake.slash(bytes32(gameId), g.bond, g.worker, g.treasuryBps);
            _tasks.resolveDispute(taskId, true, g.challenger);
        } else {
            _stake.unlock(bytes32(gameId));
            _tasks.resolveDispute(taskId, false, g.challenger);
        }
    }
}
