// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IProtocolParams} from "../governance/IProtocolParams.sol";
import {IStakeManager} from "../stake/IStakeManager.sol";
import {StakedPool} from "../pool/StakedPool.sol";
import {IIdentityRegistry} from "../identity/interfaces/IIdentityRegistry.sol";
import {IValidationRegistry} from "../identity/interfaces/IValidationRegistry.sol";
import {
    IQuorumTasks,
    Canonicalisation,
    QuorumStatus,
    QuorumState,
    SeatPhase,
    QuorumParams,
    QuorumTask,
    CanonInfo,
    QuorumUnknownTask,
    QuorumWrongState,
    QuorumBadFee,
    QuorumBadSize,
    QuorumNoInputs,
    QuorumUnknownCanon,
    QuorumBadCanon,
    QuorumCanonExists,
    QuorumNotSeat,
    QuorumSeatPhase,
    QuorumZeroHash,
    QuorumCommitMismatch,
    QuorumParamOutOfRange,
    QuorumZeroAddress,
    QuorumNothingToWithdraw,
    QuorumNotAgentManager,
    QuorumPublishGas
} from "./IQuorumTasks.sol";

/// @title QuorumTasks
/// @notice Verification mode 2 (design.md): any model, floats and external LLMs included. A
/// requester escrows a fee for a model under a declared canonicalisation; a committee of `size`
/// (odd) staked agents is drawn from an opt-in pool with the hash of a block after creation;
/// each member commits keccak256(abi.encode(resultHash, salt, member)), then reveals
/// (resultHash, salt). A strict majority of the committee (count * 2 > size) makes its result
/// final: the majority shares the fee, and every other member (a different result, or no
/// reveal) loses its seat stake, a share to the treasury and the rest to the majority. Without
/// a strict majority the fee goes back to the requester and only the members that did not
/// reveal are slashed (to the requester). Every member that linked an ERC-8004 validation
/// request gets 100 (majority) or 0 (deviant, silent) with tag "vouch:quorum".
/// @dev Randomness (docs/quorum.md): the seed is blockhash(drawBlock), drawBlock = creation
/// block + drawDelay, unknown to everyone (requester included) when the task is created; if
/// nobody draws within 256 blocks the hash is out of reach and the draw is rescheduled to a
/// new future block instead of falling back to anything a caller could pick. Stake: members
/// reserve stake in the StakedPool this contract is (a pooled StakeManager lock held by this
/// contract, as Tasks' reserve); each seat commits `memberStake` of the spare reserve until the
/// task settles, so a draw never calls the StakeManager and a member cannot unbond stake behind
/// an open seat.
/// Accounting: token.balanceOf(this) == fees of Drawing/Active tasks + credits.
contract QuorumTasks is IQuorumTasks, StakedPool, Ownable2Step {
    using SafeERC20 for IERC20;

    string private constant _MODE_TAG = "vouch:quorum";
    uint256 private constant _PUBLISH_GAS = 150_000;

    // ---------------------------------------------------------------- parameter names and bounds
    bytes32 public constant COMMIT_WINDOW = "commitWindow";
    bytes32 public constant REVEAL_WINDOW = "revealWindow";
    bytes32 public constant SLASH_TREASURY_BPS = "slashTreasuryBps";
    bytes32 public constant MIN_COMMITTEE = "minCommittee";
    bytes32 public constant MAX_COMMITTEE = "maxCommittee";
    bytes32 public constant DRAW_DELAY = "drawDelay";
    bytes32 public constant MEMBER_STAKE = "memberStake";

    uint256 public constant MIN_WINDOW = 1 minutes;
    uint256 public constant MAX_WINDOW = 1 days;
    /// As ProtocolParams: the honest side always gets at least half of a slash.
    uint256 public constant MAX_SLASH_TREASURY_BPS = 5_000;
    /// Committees are odd, 1..15: settlement tallies in memory (O(size^2)).
    uint256 public constant COMMITTEE_CAP = 15;
    /// At least one block (the hash must not exist when the task is created); at most 64 so the
    /// draw block is well inside the 256 blocks whose hashes the EVM exposes.
    uint256 public constant MIN_DRAW_DELAY = 1;
    uint256 public constant MAX_DRAW_DELAY = 64;
    uint256 public constant MIN_MEMBER_STAKE = 1e18;
    uint256 public constant MAX_MEMBER_STAKE = 10_000_000e18;

    /// @dev A task as stored (6 slots).
    ///
    /// | slot | bits     | field          |
    /// | ---- | -------- | -------------- |
    /// | 0    | 0..159   | requester      |
    /// | 0    | 160..247 | fee            |
    /// | 0    | 248..255 | status         |
    /// | 1    | 0..255   | canonId        |
    /// | 2    | 0..255   | inputsHash     |
    /// | 3    | 0..63    | drawBlock      |
    /// | 3    | 64..127  | commit/reveal deadlines |
    /// | 3    | 128..151 | size, committed, revealed |
    /// | 4    | 0..199   | params (snapshot) |
    /// | 5    | 0..255   | result         |
    struct Record {
        address requester;
        uint88 fee;
        QuorumStatus status;
        bytes32 canonId;
        bytes32 inputsHash;
        uint64 drawBlock;
        uint32 commitDeadline;
        uint32 revealDeadline;
        uint8 size;
        uint8 committed;
        uint8 revealed;
        QuorumParams params;
        bytes32 result;
    }

    /// @dev A committee seat: the member, its phase, and its commitment (replaced by its result
    /// hash on reveal, so a reveal rewrites a non-zero slot).
    struct Seat {
        address member;
        SeatPhase phase;
        bool linked;
        bytes32 hash;
    }

    struct ValidationLink {
        uint256 agentId;
        bytes32 requestHash;
    }

    /// @dev Settlement's view of one committee, in memory.
    struct Tally {
        address[] members;
        SeatPhase[] phases;
        bytes32[] hashes;
        bool[] majority;
        bytes32 result;
        uint256 majorityCount;
        uint256 revealedCount;
    }

    IERC20 private immutable _token;
    IProtocolParams private immutable _protocolParams;
    IValidationRegistry private immutable _validation;
    IIdentityRegistry private immutable _identity;

    QuorumParams private _params;
    uint256 private _taskCount;
    mapping(uint256 taskId => Record) private _tasks;
    mapping(uint256 taskId => mapping(uint256 seat => Seat)) private _seats;
    mapping(uint256 taskId => mapping(uint256 seat => ValidationLink)) private _links;
    mapping(bytes32 canonId => CanonInfo) private _canons;
    mapping(address account => uint256) private _credits;

    constructor(
        address initialOwner,
        IERC20 token_,
        IProtocolParams protocolParams_,
        IStakeManager stake_,
        IValidationRegistry validation_,
        QuorumParams memory initial
    ) Ownable(initialOwner) StakedPool(stake_) {
        // INVARIANT: Token, parameters and stake are real contracts.
        if (address(token_) == address(0) || address(protocolParams_) == address(0) || address(stake_) == address(0)) {
            revert QuorumZeroAddress();
        }
        _token = token_;
        _protocolParams = protocolParams_;
        _validation = validation_;
        _identity = address(validation_) == address(0)
            ? IIdentityRegistry(address(0))
            : IIdentityRegistry(validation_.getIdentityRegistry());
        _checkParams(initial);
        _params = initial;
    }

    // ================================================================ models

    /// @notice Declares that tasks of `modelId` under the returned canonId compare results
    /// canonicalised by `kind` (and `decimals` for VectorRounded). Permissionless and
    /// content-addressed (canonId = keccak256(abi.encode(modelId, kind, decimals))), so nobody
    /// can squat a model with a wrong rule: a different rule is a different id.
    function registerCanonicalisation(bytes32 modelId, Canonicalisation kind, uint8 decimals)
        external
        returns (bytes32 canonId)
    {
        // INVARIANT: A real rule; only VectorRounded has a precision, at most 22 decimals
        // (docs/quorum-canonical.md).
        if (kind == Canonicalisation.None || (kind == Canonicalisation.VectorRounded ? decimals > 22 : decimals != 0)) {
            revert QuorumBadCanon(kind, decimals);
        }
        canonId = keccak256(abi.encode(modelId, kind, decimals));
        // INVARIANT: A declaration is written once.
        if (_canons[canonId].modelId != bytes32(0) || modelId == bytes32(0)) revert QuorumCanonExists(canonId);
        _canons[canonId] = CanonInfo(modelId, kind, decimals);
        emit CanonicalisationRegistered(canonId, modelId, kind, decimals);
    }

    // ================================================================ requester

    /// @inheritdoc IQuorumTasks
    /// @dev The fee comes from the caller's credits when they cover it, else by transferFrom.
    function createTask(bytes32 canonId, bytes32[] calldata inputHashes, uint256 fee, uint256 size, bytes calldata inputData)
        external
        returns (uint256 taskId)
    {
        QuorumParams memory p = _params;
        bytes32 modelId = _canons[canonId].modelId;
        // INVARIANT: A task names a declared canonicalisation.
        if (modelId == bytes32(0)) revert QuorumUnknownCanon(canonId);
        // INVARIANT: A task commits to at least one input.
        if (inputHashes.length == 0) revert QuorumNoInputs();
        // INVARIANT: A task pays its majority something, and the fee fits its slot.
        if (fee == 0 || fee > type(uint88).max) revert QuorumBadFee(fee);
        // INVARIANT: Committees are odd (a strict majority always exists when all agree in two
        // camps) and inside the governed bounds.
        if (size % 2 == 0 || size < p.minCommittee || size > p.maxCommittee) {
            revert QuorumBadSize(size, p.minCommittee, p.maxCommittee);
        }
        taskId = ++_taskCount;
        Record storage r = _tasks[taskId];
        r.requester = msg.sender;
        // forge-lint: disable-next-line(unsafe-typecast)
        r.fee = uint88(fee);
        r.status = QuorumStatus.Drawing;
        r.canonId = canonId;
        r.inputsHash = keccak256(abi.encodePacked(inputHashes));
        uint256 drawBlock = block.number + p.drawDelay;
        r.drawBlock = uint64(drawBlock);
        // size <= COMMITTEE_CAP (bounds).
        // forge-lint: disable-next-line(unsafe-typecast)
        r.size = uint8(size);
        r.params = p;
        emit QuorumTaskCreated(taskId, msg.sender, canonId, modelId, inputHashes, fee, size, drawBlock);
        if (inputData.length != 0) emit QuorumTaskInputs(taskId, inputData);
        _collectFee(fee);
    }

    // ================================================================ committee

    /// @inheritdoc IQuorumTasks
    /// @dev Anyone may draw once block drawBlock is in the past. Returns false (and reschedules)
    /// when that block's hash is no longer available; refunds when the pool cannot seat the
    /// committee.
    function drawCommittee(uint256 taskId) external returns (bool drawn) {
        Record storage r = _record(taskId);
        QuorumState s = _state(r);
        // INVARIANT: The committee is drawn once, from a block that did not exist at creation.
        if (s != QuorumState.Drawable) revert QuorumWrongState(taskId, s);
        (bytes32 seed, uint64 rescheduled) = _drawSeed(taskId, r.drawBlock, r.params.drawDelay);
        if (seed == bytes32(0)) {
            r.drawBlock = rescheduled;
            return false;
        }
        address[] memory members = _pick(seed, r.size, r.requester, address(0), r.params.memberStake);
        if (members.length == 0) {
            uint256 fee = r.fee;
            address requester = r.requester;
            r.status = QuorumStatus.Refunded;
            emit CommitteeUnavailable(taskId, poolSize());
            _credit(requester, fee);
            return false;
        }
        uint256 memberStake = r.params.memberStake;
        for (uint256 i; i < members.length; ++i) {
            _seats[taskId][i] = Seat({member: members[i], phase: SeatPhase.Drawn, linked: false, hash: bytes32(0)});
            _commit(members[i], memberStake);
        }
        uint256 commitDeadline = block.timestamp + r.params.commitWindow;
        uint256 revealDeadline = commitDeadline + r.params.revealWindow;
        r.status = QuorumStatus.Active;
        r.commitDeadline = uint32(commitDeadline);
        r.revealDeadline = uint32(revealDeadline);
        emit CommitteeDrawn(taskId, members, seed, commitDeadline, revealDeadline);
        return true;
    }

    /// @notice The committee `seed` seats for a task of `size` seats created by `requester`:
    /// what drawCommittee would pick now. Empty when the pool cannot seat it.
    function previewCommittee(bytes32 seed, uint256 size, address requester) external view returns (address[] memory) {
        return _pick(seed, size, requester, address(0), _params.memberStake);
    }

    /// @inheritdoc IQuorumTasks
    function commit(uint256 taskId, uint256 seat, bytes32 commitment) external {
        Record storage r = _record(taskId);
        QuorumState s = _state(r);
        // INVARIANT: Commitments are accepted only in the commit phase.
        if (s != QuorumState.Commit) revert QuorumWrongState(taskId, s);
        Seat storage st = _seatOf(taskId, r, seat);
        // INVARIANT: A member commits once.
        if (st.phase != SeatPhase.Drawn) revert QuorumSeatPhase(taskId, seat, st.phase);
        // INVARIANT: A commitment is a real hash (zero marks "none").
        if (commitment == bytes32(0)) revert QuorumZeroHash();
        st.phase = SeatPhase.Committed;
        st.hash = commitment;
        ++r.committed;
        emit Committed(taskId, seat, msg.sender, commitment);
    }

    /// @inheritdoc IQuorumTasks
    function reveal(uint256 taskId, uint256 seat, bytes32 resultHash, bytes32 salt) external {
        Record storage r = _record(taskId);
        QuorumState s = _state(r);
        // INVARIANT: Reveals start only when every commitment is in or the commit window closed.
        if (s != QuorumState.Reveal) revert QuorumWrongState(taskId, s);
        Seat storage st = _seatOf(taskId, r, seat);
        // INVARIANT: Only a committed seat reveals, once.
        if (st.phase != SeatPhase.Committed) revert QuorumSeatPhase(taskId, seat, st.phase);
        // INVARIANT: A result hash is real (zero marks "none").
        if (resultHash == bytes32(0)) revert QuorumZeroHash();
        // INVARIANT: The reveal opens the seat's own commitment; the member's address is in the
        // preimage, so a commitment copied from another member can never be opened.
        bytes32 computed = keccak256(abi.encode(resultHash, salt, msg.sender));
        if (computed != st.hash) revert QuorumCommitMismatch(taskId, seat, st.hash, computed);
        st.phase = SeatPhase.Revealed;
        st.hash = resultHash;
        ++r.revealed;
        emit Revealed(taskId, seat, msg.sender, resultHash);
    }

    /// @notice Names the ERC-8004 validation request the seat's outcome answers:
    /// requestHash = keccak256(abi.encode(chainid, this, taskId, agentId, salt)) (as Tasks').
    function linkValidation(uint256 taskId, uint256 seat, uint256 agentId, bytes32 salt)
        external
        returns (bytes32 requestHash)
    {
        Record storage r = _record(taskId);
        QuorumState s = _state(r);
        // INVARIANT: Only a seated member links, before settlement.
        if (s != QuorumState.Commit && s != QuorumState.Reveal && s != QuorumState.Settleable) {
            revert QuorumWrongState(taskId, s);
        }
        Seat storage st = _seatOf(taskId, r, seat);
        // INVARIANT: Only an agent the member manages is credited with the outcome.
        if (address(_identity) == address(0) || !_identity.isAuthorizedOrOwner(msg.sender, agentId)) {
            revert QuorumNotAgentManager(agentId, msg.sender);
        }
        requestHash = requestHashFor(taskId, agentId, salt);
        _links[taskId][seat] = ValidationLink(agentId, requestHash);
        st.linked = true;
        emit ValidationLinked(taskId, seat, agentId, requestHash);
    }

    // ================================================================ settlement

    /// @inheritdoc IQuorumTasks
    /// @dev Anyone may settle once every committed member revealed or the reveal window closed.
    function settle(uint256 taskId) external {
        Record storage r = _record(taskId);
        QuorumState s = _state(r);
        // INVARIANT: A task settles once, after its reveals.
        if (s != QuorumState.Settleable) revert QuorumWrongState(taskId, s);
        Tally memory t = _tally(taskId, r.size);
        if (t.majorityCount != 0) {
            r.status = QuorumStatus.Finalized;
            r.result = t.result;
            _payMajority(taskId, r, t);
        } else {
            r.status = QuorumStatus.Refunded;
            _refund(taskId, r, t);
        }
        _publishAll(taskId, t);
    }

    // ================================================================ credits

    /// @inheritdoc IQuorumTasks
    function withdraw() external returns (uint256 amount) {
        amount = _credits[msg.sender];
        // INVARIANT: A withdrawal pays something owed to the caller.
        if (amount == 0) revert QuorumNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ================================================================ governance (owner = timelock)

    function setCommitWindow(uint256 value) external onlyOwner {
        _checkRange(COMMIT_WINDOW, value, MIN_WINDOW, MAX_WINDOW);
        uint256 old = _params.commitWindow;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.commitWindow = uint32(value);
        emit ParamUpdated(COMMIT_WINDOW, old, value);
    }

    function setRevealWindow(uint256 value) external onlyOwner {
        _checkRange(REVEAL_WINDOW, value, MIN_WINDOW, MAX_WINDOW);
        uint256 old = _params.revealWindow;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.revealWindow = uint32(value);
        emit ParamUpdated(REVEAL_WINDOW, old, value);
    }

    function setSlashTreasuryBps(uint256 value) external onlyOwner {
        _checkRange(SLASH_TREASURY_BPS, value, 0, MAX_SLASH_TREASURY_BPS);
        uint256 old = _params.slashTreasuryBps;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.slashTreasuryBps = uint16(value);
        emit ParamUpdated(SLASH_TREASURY_BPS, old, value);
    }

    /// @notice Both bounds at once (each odd, 1 <= min <= max <= COMMITTEE_CAP).
    function setCommitteeBounds(uint256 min, uint256 max) external onlyOwner {
        QuorumParams memory p = _params;
        (uint256 oldMin, uint256 oldMax) = (p.minCommittee, p.maxCommittee);
        _checkRange(MAX_COMMITTEE, max, 1, COMMITTEE_CAP);
        _checkRange(MIN_COMMITTEE, min, 1, max);
        // forge-lint: disable-next-line(unsafe-typecast)
        p.minCommittee = uint8(min);
        // forge-lint: disable-next-line(unsafe-typecast)
        p.maxCommittee = uint8(max);
        _checkParams(p);
        _params = p;
        emit ParamUpdated(MIN_COMMITTEE, oldMin, min);
        emit ParamUpdated(MAX_COMMITTEE, oldMax, max);
    }

    function setDrawDelay(uint256 value) external onlyOwner {
        _checkRange(DRAW_DELAY, value, MIN_DRAW_DELAY, MAX_DRAW_DELAY);
        uint256 old = _params.drawDelay;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.drawDelay = uint8(value);
        emit ParamUpdated(DRAW_DELAY, old, value);
    }

    function setMemberStake(uint256 value) external onlyOwner {
        _checkRange(MEMBER_STAKE, value, MIN_MEMBER_STAKE, MAX_MEMBER_STAKE);
        uint256 old = _params.memberStake;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.memberStake = uint96(value);
        emit ParamUpdated(MEMBER_STAKE, old, value);
    }

    // ================================================================ views

    function taskOf(uint256 taskId) external view returns (QuorumTask memory t) {
        Record storage r = _record(taskId);
        t.requester = r.requester;
        t.fee = r.fee;
        t.status = r.status;
        t.canonId = r.canonId;
        t.modelId = _canons[r.canonId].modelId;
        t.inputsHash = r.inputsHash;
        t.drawBlock = r.drawBlock;
        t.commitDeadline = r.commitDeadline;
        t.revealDeadline = r.revealDeadline;
        t.size = r.size;
        t.committed = r.committed;
        t.revealed = r.revealed;
        t.params = r.params;
        t.result = r.result;
    }

    function state(uint256 taskId) external view returns (QuorumState) {
        Record storage r = _tasks[taskId];
        if (r.status == QuorumStatus.None) return QuorumState.None;
        return _state(r);
    }

    function seatOf(uint256 taskId, uint256 seat) external view returns (address member, SeatPhase phase, bytes32 hash) {
        Seat storage st = _seats[taskId][seat];
        return (st.member, st.phase, st.hash);
    }

    function committeeOf(uint256 taskId) external view returns (address[] memory members) {
        Record storage r = _record(taskId);
        if (r.status == QuorumStatus.Drawing || (r.status == QuorumStatus.Refunded && r.commitDeadline == 0)) {
            return members;
        }
        members = new address[](r.size);
        for (uint256 i; i < members.length; ++i) {
            members[i] = _seats[taskId][i].member;
        }
    }

    function validationLinkOf(uint256 taskId, uint256 seat) external view returns (uint256 agentId, bytes32 requestHash) {
        ValidationLink storage l = _links[taskId][seat];
        return (l.agentId, l.requestHash);
    }

    function canonOf(bytes32 canonId) external view returns (CanonInfo memory) {
        return _canons[canonId];
    }

    /// @notice The canonicalisation's wire code, docs/quorum-canonical.md: id << 8 | parameter
    /// (0 for an unknown canonId).
    function canonCodeOf(bytes32 canonId) external view returns (uint16) {
        CanonInfo storage c = _canons[canonId];
        return (uint16(uint8(c.kind)) << 8) | c.decimals;
    }

    function params() external view returns (QuorumParams memory) {
        return _params;
    }

    function creditsOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    function commitmentFor(bytes32 resultHash, bytes32 salt, address member) external pure returns (bytes32) {
        return keccak256(abi.encode(resultHash, salt, member));
    }

    function requestHashFor(uint256 taskId, uint256 agentId, bytes32 salt) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), taskId, agentId, salt));
    }

    // ================================================================ internal

    /// @dev Joining the pool needs a spare reserve of one seat at today's memberStake.
    function _minJoinReserve() internal view override returns (uint256) {
        return _params.memberStake;
    }

    function _record(uint256 taskId) private view returns (Record storage r) {
        r = _tasks[taskId];
        // INVARIANT: Only created tasks are acted on.
        if (r.status == QuorumStatus.None) revert QuorumUnknownTask(taskId);
    }

    /// @dev The state machine in one place: stored status refined by block number and clock.
    function _state(Record storage r) private view returns (QuorumState) {
        QuorumStatus status = r.status;
        if (status == QuorumStatus.Drawing) {
            return block.number > r.drawBlock ? QuorumState.Drawable : QuorumState.AwaitingDraw;
        }
        if (status == QuorumStatus.Active) {
            uint256 committed = r.committed;
            if (committed < r.size && block.timestamp <= r.commitDeadline) return QuorumState.Commit;
            if (r.revealed < committed && block.timestamp <= r.revealDeadline) return QuorumState.Reveal;
            return QuorumState.Settleable;
        }
        if (status == QuorumStatus.Finalized) return QuorumState.Finalized;
        if (status == QuorumStatus.Refunded) return QuorumState.Refunded;
        return QuorumState.None;
    }

    function _seatOf(uint256 taskId, Record storage r, uint256 seat) private view returns (Seat storage st) {
        st = _seats[taskId][seat];
        // INVARIANT: Only the member drawn to a seat acts for it.
        if (seat >= r.size || st.member != msg.sender) revert QuorumNotSeat(taskId, seat, msg.sender);
    }

    /// @dev Reads the committee and finds the result a strict majority of `size` revealed.
    function _tally(uint256 taskId, uint256 size) private view returns (Tally memory t) {
        t.members = new address[](size);
        t.phases = new SeatPhase[](size);
        t.hashes = new bytes32[](size);
        t.majority = new bool[](size);
        for (uint256 i; i < size; ++i) {
            Seat storage st = _seats[taskId][i];
            t.members[i] = st.member;
            t.phases[i] = st.phase;
            if (st.phase == SeatPhase.Revealed) {
                t.hashes[i] = st.hash;
                ++t.revealedCount;
            }
        }
        for (uint256 i; i < size && t.majorityCount == 0; ++i) {
            if (t.phases[i] != SeatPhase.Revealed) continue;
            uint256 count;
            for (uint256 j; j < size; ++j) {
                if (t.phases[j] == SeatPhase.Revealed && t.hashes[j] == t.hashes[i]) ++count;
            }
            if (count * 2 > size) {
                t.result = t.hashes[i];
                t.majorityCount = count;
            }
        }
        if (t.majorityCount != 0) {
            for (uint256 i; i < size; ++i) {
                t.majority[i] = t.phases[i] == SeatPhase.Revealed && t.hashes[i] == t.result;
            }
        }
    }

    /// @dev Slashes every member outside the majority (to this contract), then splits fee +
    /// slashed winner shares evenly over the majority; the division's dust goes to the treasury.
    function _payMajority(uint256 taskId, Record storage r, Tally memory t) private {
        QuorumParams memory p = r.params;
        uint256 slashed;
        for (uint256 i; i < t.members.length; ++i) {
            if (t.majority[i]) {
                _uncommit(t.members[i], p.memberStake);
            } else {
                slashed += p.memberStake;
                _slash(taskId, i, t, p, address(this));
            }
        }
        uint256 pot = r.fee;
        // The winner share of every slash was credited to this contract in the StakeManager.
        if (slashed != 0) pot += _stake.withdraw();
        uint256 share = pot / t.majorityCount;
        emit QuorumFinalized(taskId, t.result, t.majorityCount, share, slashed);
        for (uint256 i; i < t.members.length; ++i) {
            if (t.majority[i]) _credit(t.members[i], share);
        }
        uint256 dust = pot - share * t.majorityCount;
        if (dust != 0) _credit(_protocolParams.treasury(), dust);
    }

    /// @dev No strict majority: the fee goes back; members that did not reveal are slashed to
    /// the requester (their silence cost it the task); the others' stake is released.
    function _refund(uint256 taskId, Record storage r, Tally memory t) private {
        QuorumParams memory p = r.params;
        address requester = r.requester;
        uint256 fee = r.fee;
        uint256 slashed;
        for (uint256 i; i < t.members.length; ++i) {
            if (t.phases[i] == SeatPhase.Revealed) {
                _uncommit(t.members[i], p.memberStake);
            } else {
                slashed += p.memberStake;
                _slash(taskId, i, t, p, requester);
            }
        }
        emit QuorumRefunded(taskId, requester, fee, t.revealedCount, slashed);
        _credit(requester, fee);
    }

    function _slash(uint256 taskId, uint256 seat, Tally memory t, QuorumParams memory p, address winner) private {
        address member = t.members[seat];
        _forfeit(member, p.memberStake);
        emit MemberSlashed(taskId, seat, member, p.memberStake, t.phases[seat] == SeatPhase.Revealed);
        _stake.slashPooled(member, p.memberStake, winner, p.slashTreasuryBps);
    }

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

    function _credit(address account, uint256 amount) private {
        _credits[account] += amount;
        emit Credited(account, amount);
    }

    /// @dev Posts each linked seat's outcome: 100 in the majority, 0 outside it or silent; a
    /// member that revealed in a task without majority gets no answer (nothing was decided).
    function _publishAll(uint256 taskId, Tally memory t) private {
        for (uint256 i; i < t.members.length; ++i) {
            if (!_seats[taskId][i].linked) continue;
            bool revealed = t.phases[i] == SeatPhase.Revealed;
            if (t.majorityCount == 0 && revealed) continue;
            _publish(taskId, i, t.majority[i] ? 100 : 0, t.hashes[i]);
        }
    }

    /// @dev As Tasks._publish: only a request naming this contract and the linked agent is
    /// answered, and never at the cost of settlement.
    function _publish(uint256 taskId, uint256 seat, uint8 response, bytes32 resultHash) private {
        ValidationLink storage l = _links[taskId][seat];
        bytes32 requestHash = l.requestHash;
        // INVARIANT: A linked outcome is posted: a settler cannot skip it by sending just enough
        // gas for the settlement (the registry calls are try/catch).
        if (gasleft() < _PUBLISH_GAS) revert QuorumPublishGas(gasleft(), _PUBLISH_GAS);
        try _validation.getValidationStatus(requestHash) returns (
            address validator, uint256 agentId, uint8, bytes32, string memory, uint256
        ) {
            if (validator != address(this) || agentId != l.agentId) return;
        } catch {
            return;
        }
        bytes32 responseHash = keccak256(abi.encode(taskId, resultHash));
        try _validation.validationResponse(requestHash, response, "", responseHash, _MODE_TAG) {
            emit ValidationPublished(taskId, requestHash, response);
        } catch {}
    }

    function _checkParams(QuorumParams memory p) private pure {
        _checkRange(COMMIT_WINDOW, p.commitWindow, MIN_WINDOW, MAX_WINDOW);
        _checkRange(REVEAL_WINDOW, p.revealWindow, MIN_WINDOW, MAX_WINDOW);
        _checkRange(SLASH_TREASURY_BPS, p.slashTreasuryBps, 0, MAX_SLASH_TREASURY_BPS);
        _checkRange(MAX_COMMITTEE, p.maxCommittee, 1, COMMITTEE_CAP);
        _checkRange(MIN_COMMITTEE, p.minCommittee, 1, p.maxCommittee);
        // INVARIANT: Committee bounds are odd (so are all sizes a requester can ask for).
        if (p.minCommittee % 2 == 0) revert QuorumParamOutOfRange(MIN_COMMITTEE, p.minCommittee, 1, p.maxCommittee);
        if (p.maxCommittee % 2 == 0) revert QuorumParamOutOfRange(MAX_COMMITTEE, p.maxCommittee, 1, COMMITTEE_CAP);
        _checkRange(DRAW_DELAY, p.drawDelay, MIN_DRAW_DELAY, MAX_DRAW_DELAY);
        _checkRange(MEMBER_STAKE, p.memberStake, MIN_MEMBER_STAKE, MAX_MEMBER_STAKE);
    }

    function _checkRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        // INVARIANT: Every parameter stays inside the bounds fixed in this contract's code.
        if (value < min || value > max) revert QuorumParamOutOfRange(name, value, min, max);
    }
}
