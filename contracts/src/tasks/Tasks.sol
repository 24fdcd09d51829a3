// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
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
    TasksSamplingBinding,
    TasksZeroAddress,
    TasksNothingToWithdraw,
    TasksTooManySnapshots,
    TasksTooManyLiveTasks,
    TasksTooManyTerms,
    TasksReserveInsufficient,
    TasksPublishGas,
    TasksNotAgentManager
} from "./ITasks.sol";

/// @title Tasks
/// @notice Optimistic inference tasks. A requester escrows a fee for running a registered
/// model on committed inputs; a staked worker claims (output hash, trace root) with proofs
/// that its trace starts with the task's inputs and ends with its output; anyone may
/// challenge through the bound dispute game during the challenge window; after the window
/// the claim is final, the worker is credited the fee minus the protocol fee and its stake
/// is released. Unclaimed tasks past their deadline are cancelled and refunded.
/// @dev Every payment is a credit withdrawn by its owner (`withdraw`); a requester may also
/// prepay credits (`deposit`) that its next fees are taken from, so a task needs no token
/// transfer. Stake moves inside the StakeManager: each claim adds the snapshot's minimum
/// stake to Tasks' pooled lock on the worker, finalization releases it, a lost dispute
/// slashes it. Parameters are copied at creation into a content-addressed snapshot (re-read
/// from ProtocolParams only when its version changed): tasks created under the same
/// parameters share one snapshot, and a governance change never reaches an existing task or
/// its dispute. What a task needs from its model and snapshot is interned once per (model,
/// snapshot) pair as `Terms`, so a task stores a 28-bit terms id instead of both.
/// Storage is recycled: a live task's data sits in a `Record` whose id the task's 32-bit
/// entry names; when the task settles its entry keeps only (final status, terms id) and the
/// record goes to a free list, so the next task overwrites non-zero slots (5,000 gas each)
/// instead of creating new ones (22,100). A settled task's `taskOf` therefore returns its
/// status, model and snapshot only; everything else about it is in its events.
/// Accounting: token.balanceOf(this) == sum(fees of tasks in Open/Claimed/Disputed) + sum(credits).
contract Tasks is ITasks {
    using SafeERC20 for IERC20;

    uint256 private constant _BPS = 10_000;
    string private constant _MODE_TAG = "vouch:optimistic";
    /// A float model's claims are judged by sampling and quorum only, never by the dispute game.
    string private constant _FLOAT_MODE_TAG = "vouch:sampled";
    /// Task entries, record ids and terms ids are 28 bits; a settled entry's top 4 bits are
    /// its final status.
    uint256 private constant _ID_BITS = 28;
    uint256 private constant _ID_MASK = (1 << 28) - 1;
    /// Record flag: the claim's stake is part of the worker's reserve (see reserveStake).
    uint32 private constant _FROM_RESERVE = 1 << 31;
    /// Record flag: the worker linked an ERC-8004 validation request (see linkValidation).
    uint32 private constant _LINKED = 1 << 30;
    /// Gas a settlement must still have when it posts a linked ERC-8004 outcome (the
    /// registry's read and first answer take ~70k).
    uint256 private constant _PUBLISH_GAS = 150_000;

    /// @dev A live task as stored (5 slots; the last two written by the claim). Records are
    /// reused, so every field a new task relies on is written by createTask or claim.
    ///
    /// | slot | bits     | field         |
    /// | ---- | -------- | ------------- |
    /// | 0    | 0..159   | requester     |
    /// | 0    | 160..247 | fee           |
    /// | 0    | 248..255 | status        |
    /// | 1    | 0..159   | worker        |
    /// | 1    | 160..187 | termsId       |
    /// | 1    | 190      | linked        |
    /// | 1    | 191      | fromReserve   |
    /// | 1    | 192..223 | claimDeadline |
    /// | 1    | 224..255 | windowStart   |
    /// | 2    | 0..255   | inputsHash    |
    /// | 3    | 0..255   | outputHash    |
    /// | 4    | 0..255   | traceRoot     |
    ///
    /// `claim` writes only slots 1, 3 and 4: the stored status stays `Open` and a task with a
    /// worker and status `Open` is `Claimed` (see `_status`). A claim needs no status check
    /// beyond slot 1: a task is claimable iff it has no worker and its deadline has not
    /// passed, and a cancelled task is always past its deadline.
    struct Record {
        address requester;
        uint88 fee;
        TaskStatus status;
        address worker;
        /// Terms id (bits 0..27) | _FROM_RESERVE | _LINKED.
        uint32 termsAndFlags;
        uint32 claimDeadline;
        uint32 windowStart;
        bytes32 inputsHash;
        bytes32 outputHash;
        bytes32 traceRoot;
    }

    /// @dev What every task of one model under one parameter snapshot shares (2 slots): the
    /// model id, its trace geometry, and the snapshot values a claim and a finalization read,
    /// copied from the (immutable) snapshot so the happy path reads one slot instead of three.
    struct Terms {
        bytes32 modelId;
        uint16 snapshotId;
        uint32 inputCount;
        uint32 traceLength;
        uint32 challengeWindow;
        uint16 protocolFeeBps;
        uint96 minStake;
    }

    /// @dev One slot read and written by every createTask and every settlement.
    struct Counters {
        uint64 taskCount;
        /// ProtocolParams.version() + 1 when `snapshotId` was taken (0: no snapshot yet).
        uint64 paramsVersion;
        uint16 snapshotId;
        uint32 termsCount;
        uint32 recordCount;
        /// Number of record ids on the free list.
        uint32 freeCount;
    }

    /// @dev A worker's stake reserve: `reserved` is locked for Tasks in the StakeManager
    /// (part of Tasks' pool on the worker), `committed` of it backs open claims.
    struct Reserve {
        uint128 reserved;
        uint128 committed;
    }

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
    /// The second arbiter: opens a dispute when its drawn verifier escalates a float claim to a
    /// quorum, resolves it from the quorum's result (SamplingCoordinator.resolveQuorumEscalation).
    address private _samplingCoordinator;
    Counters private _counters;
    /// taskId => entry, 8 per slot (32 bits each): the live task's record id, or
    /// (final status << 28 | terms id) once settled; 0 for an id never created.
    mapping(uint256 wordIndex => uint256) private _entries;
    mapping(uint256 recordId => Record) private _records;
    /// Stack of record ids free for reuse, 8 per slot (Counters.freeCount deep).
    mapping(uint256 wordIndex => uint256) private _freeRecords;
    mapping(uint256 termsId => Terms) private _terms;
    /// keccak256(abi.encode(modelId, snapshotId)) => inputCount << 32 | termsId.
    mapping(bytes32 termsKey => uint256) private _termsIds;
    mapping(address account => uint256) private _credits;
    mapping(address worker => Reserve) private _reserves;
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

    /// @notice Binds the sampling coordinator as a second arbiter (deployed after this contract).
    function bindSamplingCoordinator(address coordinator) external {
        // INVARIANT: Only the deployer binds the coordinator, and only once.
        if (msg.sender != _deployer || _samplingCoordinator != address(0)) {
            revert TasksSamplingBinding(msg.sender, _samplingCoordinator);
        }
        // INVARIANT: The coordinator is a real address.
        if (coordinator == address(0)) revert TasksZeroAddress();
        _samplingCoordinator = coordinator;
        emit SamplingCoordinatorBound(coordinator);
    }

    // ================================================================ requester

    /// @inheritdoc ITasks
    /// @dev The fee is taken from the caller's credits when they cover it (see `deposit`),
    /// otherwise transferred from the caller (approve first).
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
        if (fee == 0 || fee > type(uint88).max) revert TasksBadFee(fee);
        // INVARIANT: The deadline is in the future and fits 32 bits.
        if (claimDeadline <= block.timestamp || claimDeadline > type(uint32).max) {
            revert TasksBadDeadline(claimDeadline, block.timestamp);
        }
        uint256 snapshotId;
        uint256 termsId;
        uint256 recordId;
        (taskId, snapshotId, termsId, recordId) = _nextTask(modelId, inputHashes.length);
        _setEntry(taskId, recordId);
        Record storage r = _records[recordId];
        r.requester = msg.sender;
        // fee <= type(uint88).max (checked above); termsId < 2^28 (_termsFor); deadline < 2^32.
        // forge-lint: disable-next-line(unsafe-typecast)
        r.fee = uint88(fee);
        r.status = TaskStatus.Open;
        // The record may be a settled task's: clear its worker and window (slot 1 is written
        // whole). Its output hash and trace root are only read once a claim rewrote them.
        r.worker = address(0);
        // forge-lint: disable-next-line(unsafe-typecast)
        r.termsAndFlags = uint32(termsId);
        // forge-lint: disable-next-line(unsafe-typecast)
        r.claimDeadline = uint32(claimDeadline);
        r.windowStart = 0;
        r.inputsHash = keccak256(abi.encodePacked(inputHashes));
        emit TaskCreated(taskId, msg.sender, modelId, inputHashes, fee, claimDeadline, mode, snapshotId);
        // Published, not checked: a verifier recomputes the input tensor hashes itself and
        // ignores data that does not match (the claim binds the inputs by their hashes).
        if (inputData.length != 0) emit TaskInputs(taskId, inputData);
        _collectFee(fee);
    }

    /// @notice Prepays `amount` into the caller's credits; the fees of its next tasks are
    /// taken from there instead of a transfer each. Withdrawable at any time (`withdraw`).
    function deposit(uint256 amount) external {
        // INVARIANT: A deposit adds something.
        if (amount == 0) revert TasksBadFee(0);
        _credits[msg.sender] += amount;
        emit Deposited(msg.sender, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ITasks
    /// @dev Anyone may cancel an expired task; the refund is credited to the requester.
    function cancel(uint256 taskId) external {
        (Record storage r, uint256 recordId) = _live(taskId);
        TaskState s = _state(r);
        // INVARIANT: Only an unclaimed task past its claim deadline is cancelled.
        if (s != TaskState.Expired) revert TasksWrongState(taskId, s);
        uint256 refund = r.fee;
        address requester = r.requester;
        _settle(taskId, recordId, r, TaskStatus.Cancelled);
        emit TaskCancelled(taskId, requester, refund);
        _credit(requester, refund);
    }

    // ================================================================ worker

    /// @inheritdoc ITasks
    /// @dev The worker is msg.sender (never tx.origin): the stake locked is the caller's.
    function claim(uint256 taskId, ClaimProof calldata proof) external {
        (Record storage r,) = _live(taskId);
        uint256 termsAndFlags = r.termsAndFlags;
        // INVARIANT: Only an open task inside its claim deadline can be claimed, once
        // (no worker yet and the deadline not passed is exactly TaskState.Open, see Record).
        if (r.worker != address(0) || block.timestamp > r.claimDeadline) revert TasksWrongState(taskId, _state(r));
        Terms storage terms = _terms[termsAndFlags & _ID_MASK];
        LibClaim.verifyTraceEnds(r.inputsHash, terms.inputCount, terms.traceLength, proof);
        uint256 minStake = terms.minStake;
        // INVARIANT: Every claim is backed by the snapshot's minimum stake, locked until settled:
        // committed from the worker's spare reserve (already locked for Tasks), else locked now.
        Reserve storage reserve = _reserves[msg.sender];
        (uint256 reserved, uint256 committed) = (reserve.reserved, reserve.committed);
        bool fromReserve = reserved - committed >= minStake;
        if (fromReserve) {
            // committed + minStake <= reserved < 2^128.
            // forge-lint: disable-next-line(unsafe-typecast)
            reserve.committed = uint128(committed + minStake);
            termsAndFlags |= _FROM_RESERVE;
        }
        r.worker = msg.sender;
        // forge-lint: disable-next-line(unsafe-typecast)
        r.termsAndFlags = uint32(termsAndFlags);
        r.windowStart = uint32(block.timestamp);
        r.outputHash = proof.outputHash;
        r.traceRoot = proof.traceRoot;
        emit TaskClaimed(taskId, msg.sender, proof.outputHash, proof.traceRoot);
        if (!fromReserve) _stake.lockPooled(msg.sender, minStake);
    }

    /// @notice Locks `amount` of the caller's free stake for its future claims (a pooled
    /// StakeManager lock held by Tasks). A claim then commits its minimum stake from this
    /// reserve instead of locking it, and finalization uncommits it instead of unlocking:
    /// a busy worker's claims make no StakeManager call. Claims without spare reserve lock
    /// their own stake as usual.
    function reserveStake(uint256 amount) external {
        Reserve storage reserve = _reserves[msg.sender];
        // The StakeManager refuses zero and more than the free stake; amounts < 2^128.
        _stake.lockPooled(msg.sender, amount);
        // forge-lint: disable-next-line(unsafe-typecast)
        reserve.reserved += uint128(amount);
        emit StakeReserved(msg.sender, amount, reserve.reserved);
    }

    /// @notice Releases `amount` of the caller's reserve that no open claim uses.
    function releaseStake(uint256 amount) external {
        Reserve storage reserve = _reserves[msg.sender];
        uint256 spare = reserve.reserved - reserve.committed;
        // INVARIANT: Stake behind an open claim stays locked until the claim settles.
        if (amount == 0 || amount > spare) revert TasksReserveInsufficient(msg.sender, amount, spare);
        // amount <= spare <= reserved.
        // forge-lint: disable-next-line(unsafe-typecast)
        reserve.reserved -= uint128(amount);
        emit StakeReleased(msg.sender, amount, reserve.reserved);
        _stake.unlockPooled(msg.sender, amount);
    }

    /// @notice Names the ERC-8004 validation request this task's outcome answers:
    /// requestHash = keccak256(abi.encode(chainid, this, taskId, agentId, salt)). Optional;
    /// settlement then posts 100 (final) or 0 (proven wrong) to the validation registry.
    function linkValidation(uint256 taskId, uint256 agentId, bytes32 salt) external returns (bytes32 requestHash) {
        (Record storage r,) = _live(taskId);
        TaskState s = _state(r);
        // INVARIANT: Only the worker links its own claim, before the claim is settled.
        if (r.worker != msg.sender || (s != TaskState.Challengeable && s != TaskState.Finalizable && s != TaskState.Disputed)) {
            revert TasksWrongState(taskId, s);
        }
        // INVARIANT: Only an agent the worker manages can be credited with the outcome.
        if (address(_identity) == address(0) || !_identity.isAuthorizedOrOwner(msg.sender, agentId)) {
            revert TasksNotAgentManager(agentId, msg.sender);
        }
        requestHash = requestHashFor(taskId, agentId, salt);
        _links[taskId] = ValidationLink(agentId, requestHash);
        r.termsAndFlags |= _LINKED;
        emit ValidationLinked(taskId, agentId, requestHash);
    }

    // ================================================================ settlement

    /// @inheritdoc ITasks
    function finalize(uint256 taskId) external {
        (Record storage r, uint256 recordId) = _live(taskId);
        uint256 flags = r.termsAndFlags;
        Terms storage terms = _terms[flags & _ID_MASK];
        TaskState s = _stateWithWindow(r, terms.challengeWindow);
        // INVARIANT: A claim becomes final only after a full window without an open dispute.
        if (s != TaskState.Finalizable) revert TasksWrongState(taskId, s);
        uint256 fee = r.fee;
        address worker = r.worker;
        uint256 minStake = terms.minStake;
        _settle(taskId, recordId, r, TaskStatus.Finalized);
        // fee < 2^88 and protocolFeeBps <= 10_000: no overflow; protocolFee <= fee.
        uint256 protocolFee;
        unchecked {
            protocolFee = fee * terms.protocolFeeBps / _BPS;
        }
        emit TaskFinalized(taskId, worker, fee - protocolFee, protocolFee);
        // Announced by TaskFinalized (no Credited events): the worker's share, and the
        // protocol's to the treasury of the day.
        _credits[worker] += fee - protocolFee;
        if (protocolFee != 0) _credits[_params.treasury()] += protocolFee;
        if (flags & _FROM_RESERVE != 0) {
            // The claim committed minStake of this reserve: committed >= minStake.
            unchecked {
                // forge-lint: disable-next-line(unsafe-typecast)
                _reserves[worker].committed -= uint128(minStake);
            }
        } else {
            _stake.unlockPooled(worker, minStake);
        }
        if (flags & _LINKED != 0) _publish(taskId, 100, r);
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
        (Record storage r,) = _live(taskId);
        TaskState s = _state(r);
        // INVARIANT: A claim is challenged inside its window, by one dispute at a time.
        if (s != TaskState.Challengeable) revert TasksWrongState(taskId, s);
        r.status = TaskStatus.Disputed;
        emit TaskDisputed(taskId, challenger);
        Terms storage t = _terms[r.termsAndFlags & _ID_MASK];
        terms = DisputeTerms({
            worker: r.worker,
            modelId: t.modelId,
            inputsHash: r.inputsHash,
            outputHash: r.outputHash,
            traceRoot: r.traceRoot,
            params: _snapshots[t.snapshotId]
        });
    }

    /// @inheritdoc ITasks
    /// @dev workerWon: the claim stands and gets a fresh full window (another challenger may
    /// still prove it wrong). Otherwise the worker's claim stake is slashed to the challenger
    /// (treasury share from the snapshot) and the fee is refunded to the requester.
    function resolveDispute(uint256 taskId, bool workerWon, address challenger) external {
        _onlyGame();
        (Record storage r, uint256 recordId) = _live(taskId);
        TaskState s = _state(r);
        // INVARIANT: Only an open dispute is resolved.
        if (s != TaskState.Disputed) revert TasksWrongState(taskId, s);
        if (workerWon) {
            r.status = TaskStatus.Claimed;
            r.windowStart = uint32(block.timestamp);
            emit DisputeLostByChallenger(taskId, challenger, block.timestamp);
            return;
        }
        uint256 flags = r.termsAndFlags;
        Terms storage t = _terms[flags & _ID_MASK];
        uint256 slashed = t.minStake;
        address worker = r.worker;
        address requester = r.requester;
        uint256 fee = r.fee;
        _settle(taskId, recordId, r, TaskStatus.Rejected);
        emit TaskRejected(taskId, worker, challenger, slashed);
        _credit(requester, fee);
        if (flags & _FROM_RESERVE != 0) {
            // The slashed stake leaves the reserve it was committed from (both >= slashed).
            Reserve storage reserve = _reserves[worker];
            unchecked {
                // forge-lint: disable-next-line(unsafe-typecast)
                reserve.committed -= uint128(slashed);
                // forge-lint: disable-next-line(unsafe-typecast)
                reserve.reserved -= uint128(slashed);
            }
        }
        _stake.slashPooled(worker, slashed, challenger, _snapshots[t.snapshotId].slashTreasuryBps);
        if (flags & _LINKED != 0) _publish(taskId, 0, r);
    }

    // ================================================================ views

    /// @notice The task; once settled (finalized, rejected, cancelled) only its status, model
    /// and snapshot (its record was recycled; the rest is in its events).
    function taskOf(uint256 taskId) external view returns (Task memory t) {
        uint256 entry = _existing(taskId);
        uint256 settled = entry >> _ID_BITS;
        if (settled != 0) {
            Terms storage st = _terms[entry & _ID_MASK];
            t.modelId = st.modelId;
            t.snapshotId = st.snapshotId;
            t.status = TaskStatus(settled);
            return t;
        }
        Record storage r = _records[entry];
        Terms storage terms = _terms[r.termsAndFlags & _ID_MASK];
        t.requester = r.requester;
        t.fee = r.fee;
        t.modelId = terms.modelId;
        t.inputsHash = r.inputsHash;
        t.worker = r.worker;
        t.claimDeadline = r.claimDeadline;
        t.snapshotId = terms.snapshotId;
        t.mode = VerificationMode.Optimistic;
        t.status = _status(r);
        if (t.worker != address(0)) {
            t.windowStart = r.windowStart;
            t.outputHash = r.outputHash;
            t.traceRoot = r.traceRoot;
        }
    }

    function state(uint256 taskId) external view returns (TaskState) {
        uint256 entry = _entry(taskId);
        if (entry == 0) return TaskState.None;
        uint256 settled = entry >> _ID_BITS;
        if (settled != 0) return _settledState(TaskStatus(settled));
        return _state(_records[entry]);
    }

    function snapshotOf(uint256 taskId) external view returns (Params memory) {
        uint256 entry = _existing(taskId);
        uint256 termsId = entry >> _ID_BITS != 0 ? entry : _records[entry].termsAndFlags;
        termsId &= _ID_MASK;
        return _snapshots[_terms[termsId].snapshotId];
    }

    function creditsOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    function reserveOf(address worker) external view returns (uint256 reserved, uint256 committed) {
        Reserve storage reserve = _reserves[worker];
        return (reserve.reserved, reserve.committed);
    }

    function taskCount() external view returns (uint256) {
        return _counters.taskCount;
    }

    function disputeGame() external view returns (address) {
        return _disputeGame;
    }

    function samplingCoordinator() external view returns (address) {
        return _samplingCoordinator;
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

    /// @dev The stored status, with `Open` + a worker read as `Claimed` (see Record).
    function _status(Record storage r) private view returns (TaskStatus status) {
        status = r.status;
        if (status == TaskStatus.Open && r.worker != address(0)) status = TaskStatus.Claimed;
    }

    function _state(Record storage r) private view returns (TaskState) {
        return _stateWithWindow(r, _terms[r.termsAndFlags & _ID_MASK].challengeWindow);
    }

    /// @dev The state machine in one place: stored status refined by the clock.
    function _stateWithWindow(Record storage r, uint256 challengeWindow) private view returns (TaskState) {
        TaskStatus status = _status(r);
        if (status == TaskStatus.Open) {
            return block.timestamp <= r.claimDeadline ? TaskState.Open : TaskState.Expired;
        }
        if (status == TaskStatus.Claimed) {
            return block.timestamp < uint256(r.windowStart) + challengeWindow
                ? TaskState.Challengeable
                : TaskState.Finalizable;
        }
        if (status == TaskStatus.Disputed) return TaskState.Disputed;
        if (status == TaskStatus.Finalized) return TaskState.Finalized;
        if (status == TaskStatus.Rejected) return TaskState.Rejected;
        if (status == TaskStatus.Cancelled) return TaskState.Cancelled;
        return TaskState.None;
    }

    function _settledState(TaskStatus status) private pure returns (TaskState) {
        if (status == TaskStatus.Finalized) return TaskState.Finalized;
        if (status == TaskStatus.Rejected) return TaskState.Rejected;
        return TaskState.Cancelled;
    }

    /// @dev The entry of a created task.
    function _existing(uint256 taskId) private view returns (uint256 entry) {
        entry = _entry(taskId);
        // INVARIANT: Only created tasks are acted on.
        if (entry == 0) revert TasksUnknownTask(taskId);
    }

    /// @dev The record of a task that is not settled yet.
    function _live(uint256 taskId) private view returns (Record storage r, uint256 recordId) {
        recordId = _existing(taskId);
        uint256 settled = recordId >> _ID_BITS;
        // INVARIANT: A settled task takes no further action.
        if (settled != 0) revert TasksWrongState(taskId, _settledState(TaskStatus(settled)));
        r = _records[recordId];
    }

    /// @dev Ends a live task: its entry keeps (status, terms id), its record is freed.
    function _settle(uint256 taskId, uint256 recordId, Record storage r, TaskStatus status) private {
        r.status = status;
        _setEntry(taskId, (uint256(status) << _ID_BITS) | (r.termsAndFlags & _ID_MASK));
        Counters memory c = _counters;
        _set32(_freeRecords, c.freeCount, recordId);
        // At most one free id per record: freeCount <= recordCount < 2^28.
        unchecked {
            ++c.freeCount;
        }
        _counters = c;
    }

    function _entry(uint256 taskId) private view returns (uint256) {
        return _get32(_entries, taskId);
    }

    function _setEntry(uint256 taskId, uint256 value) private {
        _set32(_entries, taskId, value);
    }

    /// @dev Element `i` of an array of 32-bit values packed 8 per slot.
    function _get32(mapping(uint256 => uint256) storage words, uint256 i) private view returns (uint256) {
        return (words[i >> 3] >> ((i & 7) << 5)) & 0xffffffff;
    }

    function _set32(mapping(uint256 => uint256) storage words, uint256 i, uint256 value) private {
        uint256 shift = (i & 7) << 5;
        uint256 w = words[i >> 3];
        words[i >> 3] = (w & ~(uint256(0xffffffff) << shift)) | (value << shift);
    }

    function _onlyGame() private view {
        // INVARIANT: Disputes are opened and resolved by a bound arbiter only (the dispute game,
        // or the sampling coordinator for a quorum escalation); one open dispute at a time
        // still holds, since both go through openDispute's Challengeable check.
        if (msg.sender == address(0) || (msg.sender != _disputeGame && msg.sender != _samplingCoordinator)) {
            revert TasksNotDisputeGame(msg.sender);
        }
    }

    /// @dev Allocates the next task id and a record (a freed one when there is one) under the
    /// current snapshot and the model's terms, in one read and one write of the counters slot.
    function _nextTask(bytes32 modelId, uint256 inputHashCount)
        private
        returns (uint256 taskId, uint256 snapshotId, uint256 termsId, uint256 recordId)
    {
        Counters memory c = _counters;
        snapshotId = _snapshot(c);
        uint256 inputCount;
        (termsId, inputCount) = _termsFor(c, modelId, snapshotId);
        // INVARIANT: The task commits to exactly the model's inputs.
        if (inputHashCount != inputCount) revert TasksInputCount(inputHashCount, inputCount);
        // Counter below 2^64: one increment per transaction.
        unchecked {
            taskId = ++c.taskCount;
        }
        if (c.freeCount != 0) {
            // freeCount != 0: no underflow.
            unchecked {
                --c.freeCount;
            }
            recordId = _get32(_freeRecords, c.freeCount);
        } else {
            // INVARIANT: Record ids fit 28 bits (2^28 - 1 tasks live at once).
            if (c.recordCount == _ID_MASK) revert TasksTooManyLiveTasks();
            recordId = ++c.recordCount;
        }
        _counters = c;
    }

    /// @dev Escrows a fee from the caller's credits when they cover it, else by transfer.
    function _collectFee(uint256 fee) private {
        uint256 credit = _credits[msg.sender];
        if (credit >= fee) {
            // credit >= fee: no underflow.
            unchecked {
                _credits[msg.sender] = credit - fee;
            }
        } else {
            _token.safeTransferFrom(msg.sender, address(this), fee);
        }
    }

    /// @dev The current parameter snapshot: the cached one while ProtocolParams' version is
    /// unchanged; otherwise a copy of the current parameters, unless they equal the latest
    /// snapshot (a setter called with the value it already had).
    function _snapshot(Counters memory c) private returns (uint256) {
        uint256 version = _params.version() + 1;
        if (c.paramsVersion == version) return c.snapshotId;
        Params memory p = _params.params();
        bytes32 h = keccak256(abi.encode(p));
        uint256 n = _snapshots.length;
        if (n == 0 || h != _lastSnapshotHash) {
            // INVARIANT: Snapshot ids fit 16 bits (one per governance change between tasks).
            if (n > type(uint16).max) revert TasksTooManySnapshots();
            _snapshots.push(p);
            _lastSnapshotHash = h;
            emit ParamsSnapshotTaken(n, h);
            // forge-lint: disable-next-line(unsafe-typecast)
            c.snapshotId = uint16(n);
        }
        c.paramsVersion = SafeCast.toUint64(version);
        return c.snapshotId;
    }

    /// @dev The terms id of (modelId, snapshotId), registering it on first use (which also
    /// proves the model is registered: the registry reverts for an unknown model).
    function _termsFor(Counters memory c, bytes32 modelId, uint256 snapshotId)
        private
        returns (uint256 termsId, uint256 inputCount)
    {
        bytes32 key = keccak256(abi.encode(modelId, snapshotId));
        uint256 entry = _termsIds[key];
        if (entry != 0) return (uint32(entry), entry >> 32);
        uint256 traceLength;
        (inputCount, traceLength) = _models.traceGeometry(modelId);
        termsId = uint256(c.termsCount) + 1;
        // INVARIANT: Terms ids fit 28 bits (a settled task's entry keeps its terms id).
        if (termsId > _ID_MASK) revert TasksTooManyTerms();
        // forge-lint: disable-next-line(unsafe-typecast)
        c.termsCount = uint32(termsId);
        Params storage p = _snapshots[snapshotId];
        _terms[termsId] = Terms({
            modelId: modelId,
            // forge-lint: disable-next-line(unsafe-typecast)
            snapshotId: uint16(snapshotId),
            inputCount: SafeCast.toUint32(inputCount),
            traceLength: SafeCast.toUint32(traceLength),
            challengeWindow: SafeCast.toUint32(p.challengeWindow),
            protocolFeeBps: p.protocolFeeBps,
            minStake: SafeCast.toUint96(p.minStake)
        });
        _termsIds[key] = (inputCount << 32) | termsId;
    }

    function _credit(address account, uint256 amount) private {
        _credits[account] += amount;
        emit Credited(account, amount);
    }

    /// @dev Posts the outcome to the ERC-8004 validation registry when the worker linked a
    /// request that names this contract and its agent; never reverts settlement.
    function _publish(uint256 taskId, uint8 response, Record storage r) private {
        ValidationLink storage l = _links[taskId];
        bytes32 requestHash = l.requestHash;
        if (requestHash == bytes32(0)) return;
        // INVARIANT: A linked outcome is posted: whoever settles cannot skip it by sending just
        // enough gas for the settlement (the registry calls below are try/catch, so an
        // out-of-gas there would otherwise be swallowed, and gas estimation finds that limit).
        if (gasleft() < _PUBLISH_GAS) revert TasksPublishGas(gasleft(), _PUBLISH_GAS);
        try _validation.getValidationStatus(requestHash) returns (
            address validator, uint256 agentId, uint8, bytes32, string memory, uint256
        ) {
            // A request made by someone else under this hash is ignored, never answered.
            if (validator != address(this) || agentId != l.agentId) return;
        } catch {
            return;
        }
        bytes32 responseHash = keccak256(abi.encode(r.outputHash, r.traceRoot));
        string memory tag = _models.isFloat(_terms[r.termsAndFlags & _ID_MASK].modelId) ? _FLOAT_MODE_TAG : _MODE_TAG;
        try _validation.validationResponse(requestHash, response, "", responseHash, tag) {
            emit ValidationPublished(taskId, requestHash, response);
        } catch {}
    }
}
