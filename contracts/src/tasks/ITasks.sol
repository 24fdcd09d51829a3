// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Params} from "../governance/IProtocolParams.sol";

/// @notice How a task's result is verified (design.md "Verification modes"). Only
/// Optimistic is implemented; the others are reserved so the enum's codes never change.
enum VerificationMode {
    Optimistic,
    Quorum,
    Sampled
}

/// @notice What is stored about a task's progress. The user-facing `TaskState` is derived
/// from it and the clock (see Tasks.state).
enum TaskStatus {
    None,
    Open,
    Claimed,
    Disputed,
    Finalized,
    Rejected,
    Cancelled
}

/// @notice A task's state as of now: `TaskStatus` plus what timestamps decide.
enum TaskState {
    None,
    /// Open and claimable (now <= claimDeadline).
    Open,
    /// Open but past the deadline: only cancel remains.
    Expired,
    /// Claimed, inside the challenge window.
    Challengeable,
    /// Claimed, the window has passed with no open dispute: finalize.
    Finalizable,
    Disputed,
    Finalized,
    Rejected,
    Cancelled
}

/// @notice A task as the views return it (`taskOf`). Tasks stores it packed in 5 slots (see
/// Tasks.sol, `Record`), with the model id and parameter snapshot shared by every task of the
/// same model under the same parameters (`Terms`). Timestamps are uint32 seconds (until 2106).
struct Task {
    address requester;
    /// Below 2^88 (309M tokens at 18 decimals, a third of VouchToken's fixed supply).
    uint96 fee;
    bytes32 modelId;
    /// keccak256(abi.encodePacked(inputHashes)): the input tensor hashes, in trace order.
    bytes32 inputsHash;
    address worker;
    uint32 claimDeadline;
    /// The claim time, or the time the last dispute was won by the worker: the challenge
    /// window runs from here.
    uint32 windowStart;
    /// Index of the ProtocolParams snapshot taken at creation.
    uint16 snapshotId;
    VerificationMode mode;
    TaskStatus status;
    bytes32 outputHash;
    bytes32 traceRoot;
}

/// @notice A worker's claim: the output tensor hash and the trace root, with proofs that the
/// output is the trace's last tensor and the task's inputs are its first tensors.
struct ClaimProof {
    bytes32 outputHash;
    bytes32 traceRoot;
    /// The task's input tensor hashes (must hash to the task's inputsHash).
    bytes32[] inputHashes;
    /// inputProofs[i]: trace siblings (bottom-up) of input i at position i.
    bytes32[][] inputProofs;
    /// Trace siblings of the output at position traceLength - 1.
    bytes32[] outputProof;
}

/// @notice What the dispute game needs from a task when a dispute opens.
struct DisputeTerms {
    address worker;
    bytes32 modelId;
    bytes32 inputsHash;
    bytes32 outputHash;
    bytes32 traceRoot;
    Params params;
}

/// @notice The task does not exist.
error TasksUnknownTask(uint256 taskId);
/// @notice The task is in `state`, where this call is not allowed.
error TasksWrongState(uint256 taskId, TaskState state);
/// @notice Only Optimistic is implemented.
error TasksModeNotSupported(VerificationMode mode);
/// @notice A task pays a positive fee below 2^88.
error TasksBadFee(uint256 fee);
/// @notice The claim deadline is not in the future or does not fit 32 bits.
error TasksBadDeadline(uint256 deadline, uint256 nowTs);
/// @notice The number of input hashes is not the model's input count.
error TasksInputCount(uint256 given, uint256 expected);
/// @notice The input hashes given do not hash to the task's input commitment.
error TasksInputsMismatch(bytes32 expected, bytes32 computed);
/// @notice Only the bound arbiters (the dispute game, the sampling coordinator) may open and
/// resolve disputes.
error TasksNotDisputeGame(address caller);
/// @notice Only the deployer binds the dispute game, once.
error TasksDisputeGameBinding(address caller, address current);
/// @notice Only the deployer binds the sampling coordinator, once (`current` is the bound one).
error TasksSamplingBinding(address caller, address current);
/// @notice A zero address where a contract is required.
error TasksZeroAddress();
/// @notice The caller has no credits.
error TasksNothingToWithdraw(address account);
/// @notice Too many distinct parameter snapshots (one per governance change between tasks).
error TasksTooManySnapshots();
/// @notice 2^28 - 1 tasks are live (created, not yet settled) at once.
error TasksTooManyLiveTasks();
/// @notice 2^28 - 1 distinct (model, parameter snapshot) pairs have been used.
error TasksTooManyTerms();
/// @notice A settlement that must post a linked ERC-8004 outcome has `gasLeft` < `needed` left for it.
error TasksPublishGas(uint256 gasLeft, uint256 needed);
/// @notice `worker` asked to release `amount` of its reserve, of which only `spare` backs no open claim.
error TasksReserveInsufficient(address worker, uint256 amount, uint256 spare);
/// @notice The caller does not manage the ERC-8004 agent it names.
error TasksNotAgentManager(uint256 agentId, address caller);

interface ITasks {
    event TaskCreated(
        uint256 indexed taskId,
        address indexed requester,
        bytes32 indexed modelId,
        bytes32[] inputHashes,
        uint256 fee,
        uint256 claimDeadline,
        VerificationMode mode,
        uint256 snapshotId
    );
    /// @notice The task's input tensors, published so that any verifier can re-execute the
    /// task: each input's int8 elements in order, inputs concatenated in trace order.
    event TaskInputs(uint256 indexed taskId, bytes data);
    event TaskClaimed(uint256 indexed taskId, address indexed worker, bytes32 outputHash, bytes32 traceRoot);
    event TaskDisputed(uint256 indexed taskId, address indexed challenger);
    event DisputeLostByChallenger(uint256 indexed taskId, address indexed challenger, uint256 newWindowStart);
    event TaskRejected(uint256 indexed taskId, address indexed worker, address indexed challenger, uint256 slashed);
    event TaskFinalized(uint256 indexed taskId, address indexed worker, uint256 workerAmount, uint256 protocolFee);
    event TaskCancelled(uint256 indexed taskId, address indexed requester, uint256 refund);
    /// @notice A credit to `account`: a cancelled or rejected task's refund. Finalization
    /// credits are announced by TaskFinalized alone (workerAmount to the worker, protocolFee
    /// to the treasury ProtocolParams names at that moment).
    event Credited(address indexed account, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice `account` prepaid `amount` into its credits (fees of its next tasks come from there).
    event Deposited(address indexed account, uint256 amount);
    event ParamsSnapshotTaken(uint256 indexed snapshotId, bytes32 paramsHash);
    event ValidationLinked(uint256 indexed taskId, uint256 indexed agentId, bytes32 requestHash);
    event ValidationPublished(uint256 indexed taskId, bytes32 indexed requestHash, uint8 response);
    event DisputeGameBound(address indexed game);
    event SamplingCoordinatorBound(address indexed coordinator);
    /// @notice `worker` locked `amount` more stake for its future claims (total `reserved`).
    event StakeReserved(address indexed worker, uint256 amount, uint256 reserved);
    /// @notice `worker` released `amount` of its spare reserve (total `reserved`).
    event StakeReleased(address indexed worker, uint256 amount, uint256 reserved);

    function createTask(
        bytes32 modelId,
        bytes32[] calldata inputHashes,
        uint256 fee,
        uint256 claimDeadline,
        VerificationMode mode,
        bytes calldata inputData
    ) external returns (uint256 taskId);
    function claim(uint256 taskId, ClaimProof calldata proof) external;
    function finalize(uint256 taskId) external;
    function cancel(uint256 taskId) external;
    function withdraw() external returns (uint256 amount);
    function deposit(uint256 amount) external;
    function reserveStake(uint256 amount) external;
    function releaseStake(uint256 amount) external;

    // ---------------------------------------------------------------- arbiters only (dispute game, sampling coordinator)
    function openDispute(uint256 taskId, address challenger) external returns (DisputeTerms memory);
    function resolveDispute(uint256 taskId, bool workerWon, address challenger) external;

    // ---------------------------------------------------------------- views
    function taskOf(uint256 taskId) external view returns (Task memory);
    function state(uint256 taskId) external view returns (TaskState);
    function snapshotOf(uint256 taskId) external view returns (Params memory);
    function creditsOf(address account) external view returns (uint256);
    function reserveOf(address worker) external view returns (uint256 reserved, uint256 committed);
    function taskCount() external view returns (uint256);
}
