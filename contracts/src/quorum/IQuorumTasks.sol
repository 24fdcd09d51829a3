// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStakedPool} from "../pool/IStakedPool.sol";

/// @notice How every committee member turns its raw output into the bytes whose SHA-256 it
/// commits to (the result hash). Ids and their byte layouts are docs/quorum-canonical.md's
/// (chain values: never renumbered); the contract only compares result hashes, the rule is
/// declared on chain, per model, so that every member applies the same one. The wire code is
/// `uint16(id) << 8 | parameter` (canonCodeOf).
enum Canonicalisation {
    /// 0: reserved ("none declared"), refused by registerCanonicalisation.
    None,
    /// 1 `exact`: every byte of every output.
    Exact,
    /// 2 `top1`: the argmax label(s) of the first output (ties: lowest index).
    Top1Label,
    /// 3 `round:k`: every element rounded to k = `decimals` decimals (k <= 22).
    VectorRounded,
    /// 4 `text`: Unicode NFC, lower case, collapsed whitespace.
    NormalisedText
}

/// @notice What is stored about a quorum task's progress; `QuorumState` adds the clock.
enum QuorumStatus {
    None,
    /// Created; the committee is drawn from the hash of block `drawBlock` once it exists.
    Drawing,
    /// The committee is drawn: commit, then reveal.
    Active,
    /// A strict majority agreed: the majority shared the fee.
    Finalized,
    /// No strict majority (or no committee could be drawn): the fee went back to the requester.
    Refunded
}

enum QuorumState {
    None,
    /// Waiting for block drawBlock + 1 (drawCommittee reverts before it).
    AwaitingDraw,
    /// drawCommittee can be called.
    Drawable,
    /// Committee members commit (until commitDeadline, or until every member committed).
    Commit,
    /// Members reveal (until revealDeadline, or until every member revealed).
    Reveal,
    /// settle can be called.
    Settleable,
    Finalized,
    Refunded
}

/// @notice A committee seat's progress.
enum SeatPhase {
    None,
    Drawn,
    Committed,
    Revealed
}

/// @notice The parameters QuorumTasks owns (governed by the Timelock, each inside hard bounds
/// fixed in code). A task copies them when it is created (snapshot rule, docs/contracts.md).
/// One slot.
struct QuorumParams {
    /// Seconds after the draw in which members commit.
    uint32 commitWindow;
    /// Seconds after the commit deadline in which members reveal.
    uint32 revealWindow;
    /// Treasury's share of a slashed member's stake, in basis points (rest: the honest majority).
    uint16 slashTreasuryBps;
    /// Smallest and largest committee a requester may ask for (both odd).
    uint8 minCommittee;
    uint8 maxCommittee;
    /// Blocks between creation and the block whose hash seeds the draw.
    uint8 drawDelay;
    /// Stake each member commits behind each task it sits on (slashed if it deviates or stays silent).
    uint96 memberStake;
}

/// @notice A quorum task as the views return it.
struct QuorumTask {
    address requester;
    uint96 fee;
    QuorumStatus status;
    bytes32 canonId;
    bytes32 modelId;
    /// keccak256(abi.encodePacked(inputHashes)).
    bytes32 inputsHash;
    uint64 drawBlock;
    uint32 commitDeadline;
    uint32 revealDeadline;
    uint8 size;
    uint8 committed;
    uint8 revealed;
    /// The snapshot taken at creation.
    QuorumParams params;
    /// The majority's result hash once Finalized.
    bytes32 result;
}

/// @notice A model's declared canonicalisation.
struct CanonInfo {
    bytes32 modelId;
    Canonicalisation kind;
    uint8 decimals;
}

error QuorumUnknownTask(uint256 taskId);
error QuorumWrongState(uint256 taskId, QuorumState state);
error QuorumBadFee(uint256 fee);
/// @notice The committee size is even or outside [minCommittee, maxCommittee].
error QuorumBadSize(uint256 size, uint256 min, uint256 max);
error QuorumNoInputs();
error QuorumUnknownCanon(bytes32 canonId);
/// @notice `kind` is None, or `decimals` is set for a kind without one, or above 22 for VectorRounded.
error QuorumBadCanon(Canonicalisation kind, uint256 decimals);
error QuorumCanonExists(bytes32 canonId);
/// @notice `caller` does not sit at `seat` of the task's committee.
error QuorumNotSeat(uint256 taskId, uint256 seat, address caller);
/// @notice The seat is in `phase`, where this call is not allowed.
error QuorumSeatPhase(uint256 taskId, uint256 seat, SeatPhase phase);
error QuorumZeroHash();
/// @notice keccak256(abi.encode(resultHash, salt, msg.sender)) is not what the seat committed.
error QuorumCommitMismatch(uint256 taskId, uint256 seat, bytes32 committed, bytes32 computed);
error QuorumParamOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);
error QuorumZeroAddress();
error QuorumNothingToWithdraw(address account);
error QuorumNotAgentManager(uint256 agentId, address caller);
error QuorumPublishGas(uint256 gasLeft, uint256 needed);

/// @notice The pool (joinPool, leavePool, reserveStake, releaseStake, its views, events and
/// Pool* errors) is IStakedPool.
interface IQuorumTasks is IStakedPool {
    event CanonicalisationRegistered(bytes32 indexed canonId, bytes32 indexed modelId, Canonicalisation kind, uint8 decimals);
    event QuorumTaskCreated(
        uint256 indexed taskId,
        address indexed requester,
        bytes32 indexed canonId,
        bytes32 modelId,
        bytes32[] inputHashes,
        uint256 fee,
        uint256 size,
        uint256 drawBlock
    );
    /// @notice The task's inputs, published for the committee (as Tasks' TaskInputs).
    event QuorumTaskInputs(uint256 indexed taskId, bytes data);
    event CommitteeDrawn(uint256 indexed taskId, address[] members, bytes32 seed, uint256 commitDeadline, uint256 revealDeadline);
    /// @notice Fewer than `size` eligible members were found: the fee is refunded.
    event CommitteeUnavailable(uint256 indexed taskId, uint256 poolSize);
    event Committed(uint256 indexed taskId, uint256 indexed seat, address indexed member, bytes32 commitment);
    event Revealed(uint256 indexed taskId, uint256 indexed seat, address indexed member, bytes32 resultHash);
    /// @notice A strict majority of `majority` members revealed `result`: each got `share`
    /// (fee + the winner share of `slashed`, split evenly, dust to the treasury).
    event QuorumFinalized(uint256 indexed taskId, bytes32 result, uint256 majority, uint256 share, uint256 slashed);
    /// @notice No strict majority among `revealed` reveals: fee refunded, non-revealers slashed (`slashed`, to the requester).
    event QuorumRefunded(uint256 indexed taskId, address indexed requester, uint256 fee, uint256 revealed, uint256 slashed);
    event MemberSlashed(uint256 indexed taskId, uint256 indexed seat, address indexed member, uint256 amount, bool revealed);
    event Credited(address indexed account, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    event ValidationLinked(uint256 indexed taskId, uint256 indexed seat, uint256 indexed agentId, bytes32 requestHash);
    event ValidationPublished(uint256 indexed taskId, bytes32 indexed requestHash, uint8 response);
    event ParamUpdated(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    function registerCanonicalisation(bytes32 modelId, Canonicalisation kind, uint8 decimals) external returns (bytes32 canonId);
    function createTask(bytes32 canonId, bytes32[] calldata inputHashes, uint256 fee, uint256 size, bytes calldata inputData)
        external
        returns (uint256 taskId);
    function drawCommittee(uint256 taskId) external returns (bool drawn);
    function commit(uint256 taskId, uint256 seat, bytes32 commitment) external;
    function reveal(uint256 taskId, uint256 seat, bytes32 resultHash, bytes32 salt) external;
    function settle(uint256 taskId) external;
    function linkValidation(uint256 taskId, uint256 seat, uint256 agentId, bytes32 salt) external returns (bytes32 requestHash);
    function withdraw() external returns (uint256 amount);

    function taskOf(uint256 taskId) external view returns (QuorumTask memory);
    function state(uint256 taskId) external view returns (QuorumState);
    function seatOf(uint256 taskId, uint256 seat) external view returns (address member, SeatPhase phase, bytes32 hash);
    function committeeOf(uint256 taskId) external view returns (address[] memory);
    function canonOf(bytes32 canonId) external view returns (CanonInfo memory);
    function canonCodeOf(bytes32 canonId) external view returns (uint16);
    function params() external view returns (QuorumParams memory);
    function creditsOf(address account) external view returns (uint256);
    function taskCount() external view returns (uint256);
    function commitmentFor(bytes32 resultHash, bytes32 salt, address member) external pure returns (bytes32);
}
