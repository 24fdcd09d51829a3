// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IProtocolParams, Params} from "../governance/IProtocolParams.sol";
import {IStakeManager} from "../stake/IStakeManager.sol";
import {IIdentityRegistry} from "../identity/interfaces/IIdentityRegistry.sol";
import {IValidationRegistry} from "../identity/interfaces/IValidationRegistry.sol";
import {LibClaim} from "./LibClaim.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {
    ITasks,
    Task,
    TaskStatus,
    TaskState,
    VerificationMode,
    ClaimProof,
    DisputeTerms,
    TasksUnknownTask,
    TasksWrongState,
    TasksModeNotSupported,
    TasksBadFee,
    TasksBadDeadline,
    TasksInputCount,
    TasksNotDisputeGame,
    TasksDisputeGameBinding,
    TasksZeroAddress,
    TasksNothingToWithdraw,
    TasksTooManySnapshots,
    TasksNotAgentManager
} from "./ITasks.sol";

/// @title Tasks
/// @notice Optimistic inference tasks. A requester escrows a fee for running a registered
/// model on committed inputs; a staked worker claims (output hash, trace root) with proofs
/// that its trace starts with the task's inputs and ends with its output; anyone may
/// challenge through the bound dispute game during the challenge window; after the window
/// the claim is final, the worker is credited the fee minus the protocol fee and its stake
/// is released. Unclaimed tasks past their deadline are cancelled and refunded.
/// @dev Every payment is a credit withdrawn by its owner (`withdraw`); stake moves inside
/// the StakeManager (lock at claim, unlock at finalization, slash when a dispute is lost).
/// Parameters are copied at creation into a content-addressed snapshot: tasks created under
/// the same parameters share one snapshot, and a governance change never reaches an
/// existing task or its dispute.
/// Accounting: token.balanceOf(this) == sum(fees of tasks in Open/Claimed/Disputed) + sum(credits).
contract Tasks is ITasks {
    using SafeERC20 for IERC20;

    uint16 private constant _BPS = 10_000;
    string private constant _MODE_TAG = "vouch:optimistic";

    struct ValidationLink {
        uint256 agentId;
        bytes32 requestHash;
    }

    IERC20 private immutable _token;
    IProtocolParams private immutable _params;
    IStakeManager private immutable _stake;
    IModelRegistry private immutable _models;
    /// Zero when no ERC-8004 validation registry is wired (publishing is then skipped).
    IValidationRegistry private immutable _validation;
    IIdentityRegistry private immutable _identity;
    address private immutable _deployer;

    address private _disputeGame;
    uint256 private _taskCount;
    mapping(uint256 taskId => Task) private _tasks;
    mapping(address account => uint256) private _credits;
    Params[] private _snapshots;
    bytes32 private _lastSnapshotHash;
    mapping(uint256 taskId => ValidationLink) private _links;

    constructor(
        IERC20 token_,
        IProtocolParams params_,
        IStakeManager stake_,
        IModelRegistry models_,
        IValidationRegistry validation_
    ) {
        // INVARIANT: Token, parameters, stake and models are real contracts.
        if (
            address(token_) == address(0) || address(params_) == address(0) || address(stake_) == address(0)
                || address(models_) == address(0)
        ) revert TasksZeroAddress();
        _token = token_;
        _params = params_;
        _stake = stake_;
        _models = models_;
        _validation = validation_;
        _identity = address(validation_) == address(0)
            ? IIdentityRegistry(address(0))
            : IIdentityRegistry(validation_.getIdentityRegistry());
        _deployer = msg.sender;
    }

    /// @notice Binds the dispute game (deployed after this contract, since it reads Tasks).
    function bindDisputeGame(address game) external {
        // INVARIANT: Only the deployer binds the game, and only once.
        if (msg.sender != _deployer || _disputeGame != address(0)) {
            revert TasksDisputeGameBinding(msg.sender, _disputeGame);
        }
        // INVARIANT: The game is a real address.
        if (game == address(0)) revert TasksZeroAddress();
        _disputeGame = game;
        emit DisputeGameBound(game);
    }

    // ================================================================ requester

    /// @inheritdoc ITasks
    function createTask(
        bytes32 modelId,
        bytes32[] calldata inputHashes,
        uint256 fee,
        uint256 claimDeadline,
        VerificationMode mode,
        bytes calldata inputData
    ) external returns (uint256 taskId) {
        // INVARIANT: Only implemented verification modes are accepted.
        if (mode != VerificationMode.Optimistic) revert TasksModeNotSupported(mode);
        // INVARIANT: A task pays its worker something, and the fee fits its slot.
        if (fee == 0 || fee > type(uint96).max) revert TasksBadFee(fee);
        // INVARIANT: The deadline is in the future and fits 32 bits.
        if (claimDeadline <= block.timestamp || claimDeadline > type(uint32).max) {
            revert TasksBadDeadline(claimDeadline, block.timestamp);
        }
        (uint256 inputCount,) = _models.traceGeometry(modelId);
        // INVARIANT: The task commits to exactly the model's inputs.
        if (inputHashes.length != inputCount) revert TasksInputCount(inputHashes.length, inputCount);
        uint16 snapshotId = _snapshot();

        // Counter below 2^256: one increment per transaction.
        unchecked {
            taskId = ++_taskCount;
        }
        Task storage t = _tasks[taskId];
        t.requester = msg.sender;
        t.fee = uint96(fee);
        t.modelId = modelId;
        t.inputsHash = keccak256(abi.encodePacked(inputHashes));
        t.claimDeadline = uint32(claimDeadline);
        t.snapshotId = snapshotId;
        t.mode = mode;
        t.status = TaskStatus.Open;
        emit TaskCreated(taskId, msg.sender, modelId, inputHashes, fee, claimDeadline, mode, snapshotId);
        // Published, not checked: a verifier recomputes the input tensor hashes itself and
        // ignores data that does not match (the claim binds the inputs by their hashes).
        if (inputData.length != 0) emit TaskInputs(taskId, inputData);
        _token.safeTransferFrom(msg.sender, address(this), fee);
    }

    /// @inheritdoc ITasks
    /// @dev Anyone may cancel an expired task; the refund is credited to the requester.
    function cancel(uint256 taskId) external {
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: Only an unclaimed task past its claim deadline is cancelled.
        if (s != TaskState.Expired) revert TasksWrongState(taskId, s);
        t.status = TaskStatus.Cancelled;
        uint256 refund = t.fee;
        emit TaskCancelled(taskId, t.requester, refund);
        _credit(t.requester, refund);
    }

    // ================================================================ worker

    /// @inheritdoc ITasks
    /// @dev The worker is msg.sender (never tx.origin): the stake locked is the caller's.
    function claim(uint256 taskId, ClaimProof calldata proof) external {
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: Only an open task inside its claim deadline can be claimed, once.
        if (s != TaskState.Open) revert TasksWrongState(taskId, s);
        (uint256 inputCount, uint256 traceLength) = _models.traceGeometry(t.modelId);
        LibClaim.verifyTraceEnds(t.inputsHash, inputCount, traceLength, proof);

        t.worker = msg.sender;
        t.windowStart = uint32(block.timestamp);
        t.status = TaskStatus.Claimed;
        t.outputHash = proof.outputHash;
        t.traceRoot = proof.traceRoot;
        emit TaskClaimed(taskId, msg.sender, proof.outputHash, proof.traceRoot);
        // INVARIANT: Every claim is backed by the snapshot's minimum stake, locked until settled.
        _stake.lockStake(msg.sender, bytes32(taskId), _snapshots[t.snapshotId].minStake);
    }

    /// @notice Names the ERC-8004 validation request this task's outcome answers:
    /// requestHash = keccak256(abi.encode(chainid, this, taskId, agentId, salt)). Optional;
    /// settlement then posts 100 (final) or 0 (proven wrong) to the validation registry.
    function linkValidation(uint256 taskId, uint256 agentId, bytes32 salt) external returns (bytes32 requestHash) {
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: Only the worker links its own claim, before the claim is settled.
        if (t.worker != msg.sender || (s != TaskState.Challengeable && s != TaskState.Finalizable && s != TaskState.Disputed)) {
            revert TasksWrongState(taskId, s);
        }
        // INVARIANT: Only an agent the worker manages can be credited with the outcome.
        if (address(_identity) == address(0) || !_identity.isAuthorizedOrOwner(msg.sender, agentId)) {
            revert TasksNotAgentManager(agentId, msg.sender);
        }
        requestHash = requestHashFor(taskId, agentId, salt);
        _links[taskId] = ValidationLink(agentId, requestHash);
        emit ValidationLinked(taskId, agentId, requestHash);
    }

    // ================================================================ settlement

    /// @inheritdoc ITasks
    function finalize(uint256 taskId) external {
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: A claim becomes final only after a full window without an open dispute.
        if (s != TaskState.Finalizable) revert TasksWrongState(taskId, s);
        t.status = TaskStatus.Finalized;
        uint256 fee = t.fee;
        // fee < 2^96 and protocolFeeBps <= 10_000: no overflow; protocolFee <= fee.
        uint256 protocolFee;
        unchecked {
            protocolFee = fee * _snapshots[t.snapshotId].protocolFeeBps / _BPS;
        }
        address worker = t.worker;
        emit TaskFinalized(taskId, worker, fee - protocolFee, protocolFee);
        _credit(worker, fee - protocolFee);
        if (protocolFee != 0) _credit(_params.treasury(), protocolFee);
        _stake.unlock(bytes32(taskId));
        _publish(taskId, 100);
    }

    /// @inheritdoc ITasks
    function withdraw() external returns (uint256 amount) {
        amount = _credits[msg.sender];
        // INVARIANT: A withdrawal pays something owed to the caller.
        if (amount == 0) revert TasksNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ================================================================ dispute game

    /// @inheritdoc ITasks
    function openDispute(uint256 taskId, address challenger) external returns (DisputeTerms memory terms) {
        _onlyGame();
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: A claim is challenged inside its window, by one dispute at a time.
        if (s != TaskState.Challengeable) revert TasksWrongState(taskId, s);
        t.status = TaskStatus.Disputed;
        emit TaskDisputed(taskId, challenger);
        terms = DisputeTerms({
            worker: t.worker,
            modelId: t.modelId,
            inputsHash: t.inputsHash,
            outputHash: t.outputHash,
            traceRoot: t.traceRoot,
            params: _snapshots[t.snapshotId]
        });
    }

    /// @inheritdoc ITasks
    /// @dev workerWon: the claim stands and gets a fresh full window (another challenger may
    /// still prove it wrong). Otherwise the worker's whole lock is slashed to the challenger
    /// (treasury share from the snapshot) and the fee is refunded to the requester.
    function resolveDispute(uint256 taskId, bool workerWon, address challenger) external {
        _onlyGame();
        Task storage t = _task(taskId);
        TaskState s = _state(t);
        // INVARIANT: Only an open dispute is resolved.
        if (s != TaskState.Disputed) revert TasksWrongState(taskId, s);
        if (workerWon) {
            t.status = TaskStatus.Claimed;
            t.windowStart = uint32(block.timestamp);
            emit DisputeLostByChallenger(taskId, challenger, block.timestamp);
            return;
        }
        t.status = TaskStatus.Rejected;
        Params storage p = _snapshots[t.snapshotId];
        uint256 slashed = p.minStake;
        emit TaskRejected(taskId, t.worker, challenger, slashed);
        _credit(t.requester, t.fee);
        _stake.slash(bytes32(taskId), slashed, challenger, p.slashTreasuryBps);
        _publish(taskId, 0);
    }

    // ================================================================ views

    function taskOf(uint256 taskId) external view returns (Task memory) {
        return _task(taskId);
    }

    function state(uint256 taskId) external view returns (TaskState) {
        if (taskId == 0 || taskId > _taskCount) return TaskState.None;
        return _state(_tasks[taskId]);
    }

    function snapshotOf(uint256 taskId) external view returns (Params memory) {
        return _snapshots[_task(taskId).snapshotId];
    }

    function creditsOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    function disputeGame() external view returns (address) {
        return _disputeGame;
    }

    function snapshotCount() external view returns (uint256) {
        return _snapshots.length;
    }

    function validationLinkOf(uint256 taskId) external view returns (uint256 agentId, bytes32 requestHash) {
        ValidationLink storage l = _links[taskId];
        return (l.agentId, l.requestHash);
    }

    /// @notice The ERC-8004 request hash an agent uses for its validation request of `taskId`.
    function requestHashFor(uint256 taskId, uint256 agentId, bytes32 salt) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), taskId, agentId, salt));
    }

    // ================================================================ internal

    /// @dev The state machine in one place: stored status refined by the clock.
    function _state(Task storage t) private view returns (TaskState) {
        TaskStatus status = t.status;
        if (status == TaskStatus.Open) {
            return block.timestamp <= t.claimDeadline ? TaskState.Open : TaskState.Expired;
        }
        if (status == TaskStatus.Claimed) {
            return block.timestamp < uint256(t.windowStart) + _snapshots[t.snapshotId].challengeWindow
                ? TaskState.Challengeable
                : TaskState.Finalizable;
        }
        if (status == TaskStatus.Disputed) return TaskState.Disputed;
        if (status == TaskStatus.Finalized) return TaskState.Finalized;
        if (status == TaskStatus.Rejected) return TaskState.Rejected;
        if (status == TaskStatus.Cancelled) return TaskState.Cancelled;
        return TaskState.None;
    }

    function _task(uint256 taskId) private view returns (Task storage t) {
        t = _tasks[taskId];
        // INVARIANT: Only created tasks are acted on.
        if (t.status == TaskStatus.None) revert TasksUnknownTask(taskId);
    }

    function _onlyGame() private view {
        // INVARIANT: Disputes are opened and resolved by the bound game only.
        if (msg.sender != _disputeGame || msg.sender == address(0)) revert TasksNotDisputeGame(msg.sender);
    }

    /// @dev Copies the current parameters unless they equal the latest snapshot.
    function _snapshot() private returns (uint16 id) {
        Params memory p = _params.params();
        bytes32 h = keccak256(abi.encode(p));
        uint256 n = _snapshots.length;
        if (n != 0 && h == _lastSnapshotHash) return uint16(n - 1);
        // INVARIANT: Snapshot ids fit 16 bits (one per governance change between tasks).
        if (n > type(uint16).max) revert TasksTooManySnapshots();
        _snapshots.push(p);
        _lastSnapshotHash = h;
        emit ParamsSnapshotTaken(n, h);
        return uint16(n);
    }

    function _credit(address account, uint256 amount) private {
        _credits[account] += amount;
        emit Credited(account, amount);
    }

    /// @dev Posts the outcome to the ERC-8004 validation registry when the worker linked a
    /// request that names this contract and its agent; never reverts settlement.
    function _publish(uint256 taskId, uint8 response) private {
        ValidationLink storage l = _links[taskId];
        bytes32 requestHash = l.requestHash;
        if (requestHash == bytes32(0)) return;
        try _validation.getValidationStatus(requestHash) returns (
            address validator, uint256 agentId, uint8, bytes32, string memory, uint256
        ) {
            // A request made by someone else under this hash is ignored, never answered.
            if (validator != address(this) || agentId != l.agentId) return;
        } catch {
            return;
        }
        Task storage t = _tasks[taskId];
        bytes32 responseHash = keccak256(abi.encode(t.outputHash, t.traceRoot));
        try _validation.validationResponse(requestHash, response, "", responseHash, _MODE_TAG) {
            emit ValidationPublished(taskId, requestHash, response);
        } catch {}
    }
}
