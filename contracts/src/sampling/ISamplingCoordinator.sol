// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStakedPool} from "../pool/IStakedPool.sol";

/// @notice A sample's progress (docs/quorum.md "Sampled mode").
enum SampleStatus {
    None,
    /// Requested; drawn from the hash of block drawBlock once it is in the past.
    Requested,
    /// The coin (probability samplingBps) said no: nothing more happens.
    NotSampled,
    /// Sampled, but no eligible verifier, or the claim's challenge window had closed.
    Unassigned,
    /// A verifier is drawn and must answer before its deadline.
    Assigned,
    /// The verifier agreed; its bond stays committed until the task settles (close).
    Agreed,
    /// The verifier escalated (opened the dispute game, or a quorum task on the same inputs).
    Escalated,
    /// The verifier did not answer in time: its bond was slashed.
    Missed,
    /// Closed after agreement: the claim became final, the bond was released.
    Cleared,
    /// Closed after agreement: the claim was proven wrong, the agreeing verifier's bond was slashed.
    Slashed,
    /// Quorum escalation resolved for the worker (the quorum agreed with the claim, or had no
    /// majority): the claim stands with a fresh window.
    Upheld,
    /// Quorum escalation resolved against the worker (the quorum finalized another result):
    /// the claim is rejected, the worker's stake slashed to the verifier.
    Overturned
}

/// @notice SamplingCoordinator's parameters (Timelock-owned, bounds in code). One slot.
struct SamplingParams {
    /// Probability that a requested claim is sampled, in basis points (0..10,000).
    uint16 samplingBps;
    /// Seconds a drawn verifier has to answer (capped by the claim's challenge window).
    uint32 answerWindow;
    /// Blocks between the request and the block whose hash decides coin and verifier.
    uint8 drawDelay;
    /// Treasury's share of a slashed verifier bond (rest: the task's requester).
    uint16 slashTreasuryBps;
    /// Stake a drawn verifier commits until it has answered (and, if it agreed, until the task settles).
    uint96 verifierBond;
}

/// @notice A sample as the views return it.
struct Sample {
    SampleStatus status;
    address requester;
    address worker;
    address verifier;
    uint64 drawBlock;
    uint32 deadline;
    /// The dispute game id or quorum task id of an escalation.
    uint256 escalation;
    bool escalatedToQuorum;
    SamplingParams params;
}

error SamplingUnknownSample(uint256 taskId);
/// @notice The sample is in `status`, where this call is not allowed.
error SamplingWrongStatus(uint256 taskId, SampleStatus status);
/// @notice The Tasks claim is not inside its challenge window (state code of ITasks.TaskState).
error SamplingNotChallengeable(uint256 taskId, uint8 taskState);
error SamplingTooEarly(uint256 taskId, uint256 drawBlock);
error SamplingNotVerifier(uint256 taskId, address caller);
error SamplingDeadlinePassed(uint256 taskId, uint256 deadline);
error SamplingDeadlineNotPassed(uint256 taskId, uint256 deadline);
/// @notice The named escalation does not belong to this task and verifier.
error SamplingBadEscalation(uint256 taskId, uint256 escalation);
/// @notice The task has not settled (Finalized or Rejected) yet.
error SamplingTaskNotSettled(uint256 taskId, uint8 taskState);
error SamplingParamOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);
error SamplingZeroAddress();
/// @notice A quorum decides only float claims (`modelId` is int8: escalate by dispute).
error SamplingNotFloat(uint256 taskId, bytes32 modelId);
/// @notice An escalation quorum needs at least `min` seats (it has `size`).
error SamplingEscalationCommittee(uint256 taskId, uint256 size, uint256 min);
/// @notice The escalation's quorum task is not settled yet (QuorumState code `quorumState`).
error SamplingQuorumNotSettled(uint256 taskId, uint256 quorumTaskId, uint8 quorumState);

/// @notice The pool (joinPool, leavePool, reserveStake, releaseStake, its views, events and
/// Pool* errors) is IStakedPool, as QuorumTasks'.
interface ISamplingCoordinator is IStakedPool {
    event SampleRequested(uint256 indexed taskId, address indexed requester, address indexed worker, uint256 drawBlock);
    event SampleSkipped(uint256 indexed taskId, SampleStatus status);
    event VerifierDrawn(uint256 indexed taskId, address indexed verifier, uint256 deadline);
    event SampleAgreed(uint256 indexed taskId, address indexed verifier);
    event SampleEscalated(uint256 indexed taskId, address indexed verifier, bool toQuorum, uint256 escalation);
    event VerifierSlashed(uint256 indexed taskId, address indexed verifier, uint256 amount, SampleStatus status);
    event SampleCleared(uint256 indexed taskId, address indexed verifier);
    event ParamUpdated(bytes32 indexed name, uint256 oldValue, uint256 newValue);
    /// @notice A quorum escalation decided the Tasks claim: `claimRejected` iff the quorum
    /// finalized `quorumResult` != the claim's output hash.
    event QuorumEscalationResolved(
        uint256 indexed taskId, uint256 indexed quorumTaskId, bool claimRejected, bytes32 quorumResult
    );

    function requestSample(uint256 taskId) external;
    function draw(uint256 taskId) external returns (SampleStatus status);
    function agree(uint256 taskId) external;
    function escalateDispute(uint256 taskId, uint256 gameId) external;
    function escalateQuorum(uint256 taskId, uint256 quorumTaskId) external;
    function expire(uint256 taskId) external;
    function close(uint256 taskId) external;
    function resolveQuorumEscalation(uint256 taskId) external;

    function sampleOf(uint256 taskId) external view returns (Sample memory);
    function params() external view returns (SamplingParams memory);
    function isSampled(bytes32 seed, uint256 samplingBps) external pure returns (bool);
}
