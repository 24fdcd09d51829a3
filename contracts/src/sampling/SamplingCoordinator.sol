// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IStakeManager} from "../stake/IStakeManager.sol";
import {StakedPool} from "../pool/StakedPool.sol";
import {ITasks, Task, TaskState} from "../tasks/ITasks.sol";
import {IDisputeGame} from "../dispute/interfaces/IDisputeGame.sol";
import {Game} from "../dispute/lib/Types.sol";
import {IQuorumTasks, QuorumTask, QuorumState} from "../quorum/IQuorumTasks.sol";
import {IModelRegistry} from "../tasks/IModelRegistry.sol";
import {
    ISamplingCoordinator,
    SampleStatus,
    SamplingParams,
    Sample,
    SamplingUnknownSample,
    SamplingWrongStatus,
    SamplingNotChallengeable,
    SamplingTooEarly,
    SamplingNotVerifier,
    SamplingDeadlinePassed,
    SamplingDeadlineNotPassed,
    SamplingBadEscalation,
    SamplingTaskNotSettled,
    SamplingParamOutOfRange,
    SamplingZeroAddress,
    SamplingNotFloat,
    SamplingEscalationCommittee,
    SamplingQuorumNotSettled
} from "./ISamplingCoordinator.sol";

/// @title SamplingCoordinator
/// @notice Verification mode 3 (design.md) around Tasks' optimistic claims: anyone asks for a claim inside its challenge window to be sampled; the hash of a later
/// block decides, with probability samplingBps, whether it is, and which pool verifier must
/// re-execute it. The verifier answers before its deadline: agree, or escalate by opening the
/// DisputeGame on the claim itself (deterministic int8 models) or a QuorumTasks task on the same
/// model and inputs (float models: Tasks binds this contract as a second arbiter, the claim is
/// frozen through Tasks.openDispute and the quorum's result decides it, resolveQuorumEscalation).
/// A verifier that does not answer loses its bond; one that agreed to a
/// claim later proven wrong (Tasks: Rejected) loses it too.
/// @dev What is enforced on chain and what is not: docs/quorum.md "Sampled mode". In short,
/// Tasks does not wait for a sample (a claim finalizes after its window whatever the sample's
/// status), so the answer deadline is capped at the end of the claim's challenge window;
/// a sample exists only if someone requests it (the requester's node does, at the claim).
/// Pool, stake and randomness are QuorumTasks' (StakedPool): blockhash(drawBlock), rescheduled
/// when out of reach; the verifier is drawn as a committee of one.
contract SamplingCoordinator is ISamplingCoordinator, StakedPool, Ownable2Step {
    uint256 private constant _BPS = 10_000;

    bytes32 public constant SAMPLING_BPS = "samplingBps";
    bytes32 public constant ANSWER_WINDOW = "answerWindow";
    bytes32 public constant DRAW_DELAY = "drawDelay";
    bytes32 public constant SLASH_TREASURY_BPS = "slashTreasuryBps";
    bytes32 public constant VERIFIER_BOND = "verifierBond";

    uint256 public constant MIN_ANSWER_WINDOW = 30 seconds;
    uint256 public constant MAX_ANSWER_WINDOW = 1 days;
    uint256 public constant MIN_DRAW_DELAY = 1;
    uint256 public constant MAX_DRAW_DELAY = 64;
    uint256 public constant MAX_SLASH_TREASURY_BPS = 5_000;
    uint256 public constant MIN_VERIFIER_BOND = 1e18;
    uint256 public constant MAX_VERIFIER_BOND = 10_000_000e18;
    /// Fewest seats of a quorum that decides a claim (a committee of one is one drawn agent's word).
    uint256 public constant MIN_ESCALATION_COMMITTEE = 3;

    struct Record {
        SampleStatus status;
        address requester;
        uint32 deadline;
        address worker;
        uint64 drawBlock;
        address verifier;
        bool toQuorum;
        SamplingParams params;
        uint256 escalation;
        bytes32 inputsHash;
    }

    ITasks private immutable _tasks;
    IDisputeGame private immutable _game;
    IQuorumTasks private immutable _quorum;
    IModelRegistry private immutable _models;

    SamplingParams private _params;
    mapping(uint256 taskId => Record) private _samples;
    /// Quorum tasks already named by an escalation: one quorum (one fee) decides one claim.
    mapping(uint256 quorumTaskId => bool) private _quorumUsed;

    constructor(
        address initialOwner,
        ITasks tasks_,
        IDisputeGame game_,
        IQuorumTasks quorum_,
        IStakeManager stake_,
        IModelRegistry models_,
        SamplingParams memory initial
    ) Ownable(initialOwner) StakedPool(stake_) {
        // INVARIANT: The coordinator is wired to real contracts.
        if (
            address(tasks_) == address(0) || address(game_) == address(0) || address(quorum_) == address(0)
                || address(stake_) == address(0) || address(models_) == address(0)
        ) revert SamplingZeroAddress();
        _tasks = tasks_;
        _game = game_;
        _quorum = quorum_;
        _models = models_;
        _checkParams(initial);
        _params = initial;
    }

    // ================================================================ samples

    /// @notice Asks for the claim on `taskId` to be sampled (once per task; anyone may ask).
    function requestSample(uint256 taskId) external {
        Record storage r = _samples[taskId];
        // INVARIANT: A claim is sampled at most once: no re-rolling the coin.
        if (r.status != SampleStatus.None) revert SamplingWrongStatus(taskId, r.status);
        TaskState s = _tasks.state(taskId);
        // INVARIANT: Only a live claim inside its challenge window can be sampled (an escalation must still be possible).
        if (s != TaskState.Challengeable) revert SamplingNotChallengeable(taskId, uint8(s));
        Task memory t = _tasks.taskOf(taskId);
        r.status = SampleStatus.Requested;
        r.requester = t.requester;
        r.worker = t.worker;
        r.inputsHash = t.inputsHash;
        r.params = _params;
        uint256 drawBlock = block.number + r.params.drawDelay;
        r.drawBlock = uint64(drawBlock);
        emit SampleRequested(taskId, t.requester, t.worker, drawBlock);
    }

    /// @notice Flips the coin and, if sampled, draws the verifier (anyone may call after drawBlock).
    function draw(uint256 taskId) external returns (SampleStatus status) {
        Record storage r = _sample(taskId);
        // INVARIANT: A sample is drawn once.
        if (r.status != SampleStatus.Requested) revert SamplingWrongStatus(taskId, r.status);
        uint256 drawBlock = r.drawBlock;
        // INVARIANT: The deciding block did not exist when the sample was requested.
        if (block.number <= drawBlock) revert SamplingTooEarly(taskId, drawBlock);
        (bytes32 seed, uint64 rescheduled) = _drawSeed(taskId, drawBlock, r.params.drawDelay);
        if (seed == bytes32(0)) {
            r.drawBlock = rescheduled;
            return SampleStatus.Requested;
        }
        if (!isSampled(seed, r.params.samplingBps)) return _skip(taskId, r, SampleStatus.NotSampled);
        // The answer must fit in the claim's challenge window, or escalation is impossible.
        if (_tasks.state(taskId) != TaskState.Challengeable) return _skip(taskId, r, SampleStatus.Unassigned);
        uint256 windowEnd = uint256(_tasks.taskOf(taskId).windowStart) + _tasks.snapshotOf(taskId).challengeWindow;
        address verifier = _pickVerifier(seed, r.worker, r.requester, r.params.verifierBond);
        if (verifier == address(0)) return _skip(taskId, r, SampleStatus.Unassigned);
        uint256 deadline = block.timestamp + r.params.answerWindow;
        if (deadline >= windowEnd) deadline = windowEnd - 1;
        _commit(verifier, r.params.verifierBond);
        r.status = SampleStatus.Assigned;
        r.verifier = verifier;
        r.deadline = uint32(deadline);
        emit VerifierDrawn(taskId, verifier, deadline);
        return SampleStatus.Assigned;
    }

    /// @notice The drawn verifier re-executed the task and got the claimed output.
    function agree(uint256 taskId) external {
        Record storage r = _answering(taskId);
        r.status = SampleStatus.Agreed;
        emit SampleAgreed(taskId, msg.sender);
    }

    /// @notice The drawn verifier opened dispute `gameId` on the claim (deterministic models).
    function escalateDispute(uint256 taskId, uint256 gameId) external {
        Record storage r = _answering(taskId);
        Game memory g = _game.gameOf(gameId);
        // INVARIANT: The escalation is the verifier's own dispute of this very claim.
        if (g.taskId != taskId || g.challenger != msg.sender) revert SamplingBadEscalation(taskId, gameId);
        r.status = SampleStatus.Escalated;
        r.escalation = gameId;
        _uncommit(msg.sender, r.params.verifierBond);
        emit SampleEscalated(taskId, msg.sender, false, gameId);
    }

    /// @notice The drawn verifier created quorum task `quorumTaskId` on the task's model and
    /// inputs (float models): the claim is frozen (Tasks.openDispute) until the quorum settles
    /// and `resolveQuorumEscalation` applies its verdict. The verifier's bond stays committed:
    /// it is slashed to the worker if the quorum confirms the claim.
    function escalateQuorum(uint256 taskId, uint256 quorumTaskId) external {
        Record storage r = _answering(taskId);
        QuorumTask memory q = _quorum.taskOf(quorumTaskId);
        bytes32 modelId = _tasks.taskOf(taskId).modelId;
        // INVARIANT: The escalation is the verifier's own quorum over the claim's model and inputs, unused.
        if (q.requester != msg.sender || q.inputsHash != r.inputsHash || q.modelId != modelId || _quorumUsed[quorumTaskId]) {
            revert SamplingBadEscalation(taskId, quorumTaskId);
        }
        // INVARIANT: A quorum decides only float claims; int8 claims escalate by dispute (one honest party suffices there).
        if (!_models.isFloat(modelId)) revert SamplingNotFloat(taskId, modelId);
        // INVARIANT: The quorum hashes under the model's registered rule, the one the claim's output hash is under.
        if (_quorum.canonCodeOf(q.canonId) != _models.floatCanonOf(modelId)) revert SamplingBadEscalation(taskId, quorumTaskId);
        // INVARIANT: A claim's stake is never decided by fewer than MIN_ESCALATION_COMMITTEE seats.
        if (q.size < MIN_ESCALATION_COMMITTEE) revert SamplingEscalationCommittee(taskId, q.size, MIN_ESCALATION_COMMITTEE);
        _quorumUsed[quorumTaskId] = true;
        r.status = SampleStatus.Escalated;
        r.toQuorum = true;
        r.escalation = quorumTaskId;
        emit SampleEscalated(taskId, msg.sender, true, quorumTaskId);
        // Reverts unless the claim is still Challengeable (one dispute at a time).
        _tasks.openDispute(taskId, msg.sender);
    }

    /// @notice Applies a settled escalation quorum to the frozen claim (anyone may call). The
    /// worker loses iff the quorum finalized a result other than the claim's output hash: its
    /// stake is slashed to the verifier, the fee refunded, the verifier's bond released. If the
    /// quorum finalized the claim's own result, the claim stands (fresh window) and the
    /// verifier's bond is slashed to the worker (a false escalation froze its claim); if the
    /// quorum was refunded (no majority: nothing proven either way) the claim stands and the
    /// bond is released.
    function resolveQuorumEscalation(uint256 taskId) external {
        Record storage r = _sample(taskId);
        // INVARIANT: Only an open quorum escalation is resolved, once.
        if (r.status != SampleStatus.Escalated || !r.toQuorum) revert SamplingWrongStatus(taskId, r.status);
        uint256 quorumTaskId = r.escalation;
        QuorumState qs = _quorum.state(quorumTaskId);
        // INVARIANT: The verdict is the quorum's final one.
        if (qs != QuorumState.Finalized && qs != QuorumState.Refunded) {
            revert SamplingQuorumNotSettled(taskId, quorumTaskId, uint8(qs));
        }
        bytes32 result = _quorum.taskOf(quorumTaskId).result;
        bytes32 claimed = _tasks.taskOf(taskId).outputHash;
        // INVARIANT: A claim is rejected only by a quorum majority for another result (no majority proves nothing).
        bool rejected = qs == QuorumState.Finalized && result != claimed;
        address verifier = r.verifier;
        r.status = rejected ? SampleStatus.Overturned : SampleStatus.Upheld;
        emit QuorumEscalationResolved(taskId, quorumTaskId, rejected, result);
        _tasks.resolveDispute(taskId, !rejected, verifier);
        if (qs == QuorumState.Finalized && !rejected) {
            _slash(taskId, r, SampleStatus.Upheld, r.worker);
        } else {
            _uncommit(verifier, r.params.verifierBond);
        }
    }

    /// @notice After the deadline without an answer: the verifier's bond is slashed (to the
    /// requester, the treasury's share to the treasury). Anyone may call.
    function expire(uint256 taskId) external {
        Record storage r = _sample(taskId);
        // INVARIANT: Only an unanswered assignment expires.
        if (r.status != SampleStatus.Assigned) revert SamplingWrongStatus(taskId, r.status);
        // INVARIANT: A verifier has its whole window.
        if (block.timestamp <= r.deadline) revert SamplingDeadlineNotPassed(taskId, r.deadline);
        r.status = SampleStatus.Missed;
        _slash(taskId, r, SampleStatus.Missed, r.requester);
    }

    /// @notice Closes an agreement once the task settled: releases the bond if the claim became
    /// final, slashes it if the claim was proven wrong. Anyone may call.
    function close(uint256 taskId) external {
        Record storage r = _sample(taskId);
        // INVARIANT: Only an agreement waits for the task's outcome.
        if (r.status != SampleStatus.Agreed) revert SamplingWrongStatus(taskId, r.status);
        TaskState s = _tasks.state(taskId);
        if (s == TaskState.Finalized) {
            r.status = SampleStatus.Cleared;
            _uncommit(r.verifier, r.params.verifierBond);
            emit SampleCleared(taskId, r.verifier);
        } else if (s == TaskState.Rejected) {
            // INVARIANT: Agreeing to a claim proven wrong costs the bond: answering "agree"
            // without re-executing is not free.
            r.status = SampleStatus.Slashed;
            _slash(taskId, r, SampleStatus.Slashed, r.requester);
        } else {
            revert SamplingTaskNotSettled(taskId, uint8(s));
        }
    }

    /// @notice The coin: sampled iff keccak256(seed, "coin") mod 10,000 < samplingBps.
    function isSampled(bytes32 seed, uint256 samplingBps) public pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, "coin"))) % _BPS < samplingBps;
    }

    /// @notice The verifier `seed` draws for a claim of `worker` requested by `requester` (zero: none eligible).
    function previewVerifier(bytes32 seed, address worker, address requester) external view returns (address) {
        return _pickVerifier(seed, worker, requester, _params.verifierBond);
    }

    // ================================================================ governance (owner = timelock)

    function setSamplingBps(uint256 value) external onlyOwner {
        _checkRange(SAMPLING_BPS, value, 0, _BPS);
        uint256 old = _params.samplingBps;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.samplingBps = uint16(value);
        emit ParamUpdated(SAMPLING_BPS, old, value);
    }

    function setAnswerWindow(uint256 value) external onlyOwner {
        _checkRange(ANSWER_WINDOW, value, MIN_ANSWER_WINDOW, MAX_ANSWER_WINDOW);
        uint256 old = _params.answerWindow;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.answerWindow = uint32(value);
        emit ParamUpdated(ANSWER_WINDOW, old, value);
    }

    function setDrawDelay(uint256 value) external onlyOwner {
        _checkRange(DRAW_DELAY, value, MIN_DRAW_DELAY, MAX_DRAW_DELAY);
        uint256 old = _params.drawDelay;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.drawDelay = uint8(value);
        emit ParamUpdated(DRAW_DELAY, old, value);
    }

    function setSlashTreasuryBps(uint256 value) external onlyOwner {
        _checkRange(SLASH_TREASURY_BPS, value, 0, MAX_SLASH_TREASURY_BPS);
        uint256 old = _params.slashTreasuryBps;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.slashTreasuryBps = uint16(value);
        emit ParamUpdated(SLASH_TREASURY_BPS, old, value);
    }

    function setVerifierBond(uint256 value) external onlyOwner {
        _checkRange(VERIFIER_BOND, value, MIN_VERIFIER_BOND, MAX_VERIFIER_BOND);
        uint256 old = _params.verifierBond;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.verifierBond = uint96(value);
        emit ParamUpdated(VERIFIER_BOND, old, value);
    }

    // ================================================================ views

    function sampleOf(uint256 taskId) external view returns (Sample memory s) {
        Record storage r = _samples[taskId];
        s.status = r.status;
        s.requester = r.requester;
        s.worker = r.worker;
        s.verifier = r.verifier;
        s.drawBlock = r.drawBlock;
        s.deadline = r.deadline;
        s.escalation = r.escalation;
        s.escalatedToQuorum = r.toQuorum;
        s.params = r.params;
    }

    function params() external view returns (SamplingParams memory) {
        return _params;
    }

    // ================================================================ internal

    function _sample(uint256 taskId) private view returns (Record storage r) {
        r = _samples[taskId];
        // INVARIANT: Only requested samples are acted on.
        if (r.status == SampleStatus.None) revert SamplingUnknownSample(taskId);
    }

    /// @dev The assignment the caller must answer, inside its deadline.
    function _answering(uint256 taskId) private view returns (Record storage r) {
        r = _sample(taskId);
        // INVARIANT: Only an open assignment is answered, once.
        if (r.status != SampleStatus.Assigned) revert SamplingWrongStatus(taskId, r.status);
        // INVARIANT: Only the drawn verifier answers.
        if (msg.sender != r.verifier) revert SamplingNotVerifier(taskId, msg.sender);
        // INVARIANT: An answer after the deadline is too late (expire slashes instead).
        if (block.timestamp > r.deadline) revert SamplingDeadlinePassed(taskId, r.deadline);
    }

    function _skip(uint256 taskId, Record storage r, SampleStatus status) private returns (SampleStatus) {
        r.status = status;
        emit SampleSkipped(taskId, status);
        return status;
    }

    /// @dev Slashes the verifier's committed bond: `slashTreasuryBps` to the treasury, the rest to `to`.
    function _slash(uint256 taskId, Record storage r, SampleStatus status, address to) private {
        address verifier = r.verifier;
        uint256 bond = r.params.verifierBond;
        _forfeit(verifier, bond);
        emit VerifierSlashed(taskId, verifier, bond, status);
        _stake.slashPooled(verifier, bond, to, r.params.slashTreasuryBps);
    }

    /// @dev The verifier: a committee of one (StakedPool._pick) drawn from the seed's
    /// "verifier" derivation (the coin uses its "coin" one); zero when none is eligible.
    function _pickVerifier(bytes32 seed, address worker, address requester, uint256 bond) private view returns (address) {
        address[] memory drawn = _pick(keccak256(abi.encode(seed, "verifier")), 1, worker, requester, bond);
        return drawn.length == 0 ? address(0) : drawn[0];
    }

    /// @dev Joining the pool needs a spare reserve of one bond at today's verifierBond.
    function _minJoinReserve() internal view override returns (uint256) {
        return _params.verifierBond;
    }

    function _checkParams(SamplingParams memory p) private pure {
        _checkRange(SAMPLING_BPS, p.samplingBps, 0, _BPS);
        _checkRange(ANSWER_WINDOW, p.answerWindow, MIN_ANSWER_WINDOW, MAX_ANSWER_WINDOW);
        _checkRange(DRAW_DELAY, p.drawDelay, MIN_DRAW_DELAY, MAX_DRAW_DELAY);
        _checkRange(SLASH_TREASURY_BPS, p.slashTreasuryBps, 0, MAX_SLASH_TREASURY_BPS);
        _checkRange(VERIFIER_BOND, p.verifierBond, MIN_VERIFIER_BOND, MAX_VERIFIER_BOND);
    }

    function _checkRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        // INVARIANT: Every parameter stays inside the bounds fixed in this contract's code.
        if (value < min || value > max) revert SamplingParamOutOfRange(name, value, min, max);
    }
}
