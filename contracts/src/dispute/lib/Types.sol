// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibPosition} from "./LibPosition.sol";
import {LibClock} from "./LibClock.sol";

/// @notice A node of a bisected Merkle tree as a generalized index: 2^depth + indexAtDepth.
/// The root is 1; the children of p are 2p and 2p+1 (LibPosition).
///
/// | bits              | meaning                           |
/// | ----------------- | --------------------------------- |
/// | highest set bit d | depth (0 = root)                  |
/// | bits 0..d-1       | index of the node at that depth   |
type Position is uint128;

using LibPosition for Position global;

/// @notice One party's chess clock: seconds already used, and when its current turn started.
///
/// | bits    | field     |
/// | ------- | --------- |
/// | 64..127 | used      |
/// | 0..63   | startedAt |
///
/// startedAt is meaningful only while it is the party's turn (LibClock).
type Clock is uint128;

using LibClock for Clock global;

/// @notice Who is who in a game: the worker defends its claim, the challenger disputes it.
enum Party {
    Worker,
    Challenger
}

enum GameStatus {
    None,
    InProgress,
    WorkerWon,
    ChallengerWon
}

/// @notice The phases, in order. In every phase but Step the worker moves first, then the
/// challenger; the challenger's move advances the game. In Step only the worker's clock runs
/// (it defends its value) but anyone may submit the step.
enum Phase {
    /// Both reveal the two children of their current trace-tree node (domain 0x03).
    TraceBisection,
    /// At the first differing trace leaf j, both open their tensor hash: root + the op
    /// descriptor (proven against opsRoot) that fixes the shape.
    TensorHeader,
    /// Both reveal the two children of their current tensor-tree node (domain 0x01).
    TensorBisection,
    /// At the first differing tensor leaf, the worker reveals its leaf; the challenger reveals
    /// its own and names an element where the two differ.
    LeafReveal,
    /// The one-step verifier recomputes that element from agreed inputs.
    Step
}

/// @notice Why a game ended.
enum Resolution {
    None,
    Timeout,
    Step
}

/// @notice A game, as stored (12 slots; the move bound and budget grow when the tensor phase starts).
///
/// | slot | field                                                                          |
/// | ---- | ------------------------------------------------------------------------------ |
/// | 0    | taskId u64, status, phase, turn, traceDepth u8, tensorDepth u8, moves u16, maxMoves u16, treasuryBps u16, budget u64 |
/// | 1    | worker, moveClock u64                                                          |
/// | 2    | challenger, traceIndex u32, workerValue i8, challengerValue i8                 |
/// | 3    | position (Position), workerClock (Clock)                                       |
/// | 4    | challengerClock (Clock), elementCount u64, elementIndex u64                    |
/// | 5    | workerNode: the worker's hash at `position`                                    |
/// | 6    | challengerNode                                                                 |
/// | 7,8  | pendingLeft, pendingRight: the worker's reveal of this round                   |
/// | 9    | modelId                                                                        |
/// | 10   | workerTraceRoot (tensors before traceIndex are agreed, so either root serves)  |
/// | 11   | bond                                                                           |
struct Game {
    uint64 taskId;
    GameStatus status;
    Phase phase;
    Party turn;
    uint8 traceDepth;
    uint8 tensorDepth;
    uint16 moves;
    uint16 maxMoves;
    uint16 treasuryBps;
    /// Seconds each party may use in total so far (grows by moveClock per round at phase entry).
    uint64 budget;
    address worker;
    uint64 moveClock;
    address challenger;
    uint32 traceIndex;
    int8 workerValue;
    int8 challengerValue;
    Position position;
    Clock workerClock;
    Clock challengerClock;
    uint64 elementCount;
    uint64 elementIndex;
    bytes32 workerNode;
    bytes32 challengerNode;
    bytes32 pendingLeft;
    bytes32 pendingRight;
    bytes32 modelId;
    bytes32 workerTraceRoot;
    uint256 bond;
}
