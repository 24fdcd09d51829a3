// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {GameDriver} from "./utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {ClaimProof, TaskState, TaskStatus, Task, VerificationMode} from "../../src/tasks/ITasks.sol";
import {Game, GameStatus, Party, Phase} from "../../src/dispute/lib/Types.sol";

/// @dev Random actors around the whole protocol: an honest and a dishonest worker, an honest
/// and a dishonest challenger, a requester, anyone resolving timeouts and finalizing.
/// Honest parties answer every turn promptly (after at most MOVE_CLOCK/8 per waiting game);
/// dishonest parties play a lying but consistent trace, stall, or try invalid moves.
contract DisputeHandler is GameDriver {
    uint256 internal constant OPS = 4;
    uint256 internal constant SIZE = 600;
    uint256 internal constant MAX_ACTIVE = 4;
    /// 0 = honest, 1.. = lies at (position, element).
    uint256 internal constant KINDS = 7;

    address public worker2; // dishonest worker
    address public challenger2; // dishonest challenger
    address[] internal _holders;

    mapping(uint256 kind => bytes[]) internal _tensors;
    mapping(uint256 kind => bytes32[]) internal _hashes;
    mapping(uint256 kind => bytes32[][]) internal _traceLevels;
    mapping(uint256 kind => mapping(uint256 position => bytes32[][])) internal _tensorLevels;
    mapping(uint256 kind => bytes32) internal _roots;
    mapping(uint256 taskId => uint256 kind) public claimKind;
    uint256[] public taskIds;
    uint256[] public gameIds;
    mapping(uint256 gameId => uint256) public challengerKind;
    /// 0: nobody honest (both lie), 1: worker honest, 2: challenger honest.
    mapping(uint256 gameId => uint256) public honestSide;
    mapping(uint256 gameId => uint256) public openedAt;
    uint256[] internal _active;

    // ghost counters
    uint256 public honestLosses;
    uint256 public resolved;
    uint256 public resolvedByStep;
    uint256 public maxMovesSeen;
    uint256 public invalidMovesAccepted;
    uint256 public timeoutRefusedWhenDue;

    constructor() {
        setUpVouch(OPS, SIZE);
        worker2 = makeAddr("worker2");
        challenger2 = makeAddr("challenger2");
        address[2] memory extra = [worker2, challenger2];
        for (uint256 i; i < 2; ++i) {
            require(token.transfer(extra[i], FUNDS), "fund");
            vm.startPrank(extra[i]);
            token.approve(address(stake), type(uint256).max);
            stake.bond(FUNDS / 2);
            vm.stopPrank();
        }
        vm.prank(worker);
        stake.bond(FUNDS / 2);
        vm.prank(challenger);
        stake.bond(FUNDS / 2);
        // Both workers keep a small stake reserve in Tasks: their first claims commit from it,
        // later ones lock their own stake, and the liar's reserved claims get slashed.
        vm.prank(worker);
        tasks.reserveStake(3 * uint256(MIN_STAKE));
        vm.prank(worker2);
        tasks.reserveStake(2 * uint256(MIN_STAKE));
        _holders = [address(this), requester, worker, challenger, worker2, challenger2, treasury];

        bytes memory input = TraceBuilder.inputData(SIZE, 1);
        bytes[] memory h = TraceBuilder.honestTensors(toy, input);
        _store(0, h);
        uint256[6] memory pos = [uint256(1), 2, 2, 3, 4, 4];
        uint256[6] memory el = [uint256(0), 300, 599, 256, 17, 0];
        for (uint256 k; k < 6; ++k) {
            bytes[] memory t = TraceBuilder.corrupt(h, pos[k], el[k], uint8(0x11 * (k + 1)));
            if (pos[k] != OPS) t = TraceBuilder.corrupt(t, OPS, k + 1, 0x33);
            _store(k + 1, t);
        }
    }

    /// @dev Builds the trace once and keeps everything playMove reads (tensors, tensor and
    /// trace levels, tensor hashes), so actions copy it back instead of re-hashing.
    function _store(uint256 kind, bytes[] memory t) internal {
        Trace memory tr = TraceBuilder.build(SIZE, t);
        for (uint256 p; p < t.length; ++p) {
            _tensors[kind].push(t[p]);
            _hashes[kind].push(tr.tensorHashes[p]);
            for (uint256 l; l < tr.tensorLevels[p].length; ++l) _tensorLevels[kind][p].push(tr.tensorLevels[p][l]);
        }
        for (uint256 l; l < tr.traceLevels.length; ++l) _traceLevels[kind].push(tr.traceLevels[l]);
        _roots[kind] = tr.root;
    }

    function _trace(uint256 kind) internal view returns (Trace memory tr) {
        tr.size = SIZE;
        tr.tensors = _tensors[kind];
        tr.tensorHashes = _hashes[kind];
        tr.traceLevels = _traceLevels[kind];
        tr.root = _roots[kind];
        tr.tensorLevels = new bytes32[][][](OPS + 1);
        for (uint256 p; p <= OPS; ++p) tr.tensorLevels[p] = _tensorLevels[kind][p];
    }

    // ---------------------------------------------------------------- honest parties

    function _isHonest(uint256 gameId, Party p) internal view returns (bool) {
        uint256 side = honestSide[gameId];
        return (side == 1 && p == Party.Worker) || (side == 2 && p == Party.Challenger);
    }

    /// @dev Every honest party whose turn it is moves now (after a short delay per game).
    function _honestCatchUp(uint256 delaySeed) internal {
        for (uint256 i; i < _active.length; ++i) {
            uint256 gameId = _active[i];
            for (uint256 guard; guard < 64; ++guard) {
                Game memory g = game.gameOf(gameId);
                if (g.status != GameStatus.InProgress) break;
                // In Step the honest challenger submits the step itself.
                bool honestToMove = g.phase == Phase.Step ? honestSide[gameId] != 0 : _isHonest(gameId, g.turn);
                if (!honestToMove) break;
                vm.warp(block.timestamp + delaySeed % (MOVE_CLOCK / 8));
                _move(gameId, g);
            }
        }
        _sweep();
    }

    function _move(uint256 gameId, Game memory g) internal {
        worker = g.worker;
        challenger = g.challenger;
        Trace memory w = _trace(claimKind[g.taskId]);
        Trace memory c = _trace(challengerKind[gameId]);
        playMove(gameId, w, c);
    }

    /// @dev Drops resolved games from the active list and scores them.
    function _sweep() internal {
        for (uint256 i; i < _active.length;) {
            uint256 gameId = _active[i];
            Game memory g = game.gameOf(gameId);
            if (g.moves > maxMovesSeen) maxMovesSeen = g.moves;
            if (g.status == GameStatus.InProgress) {
                ++i;
                continue;
            }
            ++resolved;
            if (g.phase == Phase.Step && g.workerValue != g.challengerValue && _steppedOut(g)) ++resolvedByStep;
            uint256 side = honestSide[gameId];
            if (side == 1 && g.status != GameStatus.WorkerWon) ++honestLosses;
            if (side == 2 && g.status != GameStatus.ChallengerWon) ++honestLosses;
            _active[i] = _active[_active.length - 1];
            _active.pop();
        }
    }

    function _steppedOut(Game memory g) internal pure returns (bool) {
        return g.moves == g.maxMoves;
    }

    // ---------------------------------------------------------------- actions

    function createAndClaim(uint256 seed) external {
        _honestCatchUp(seed);
        uint256 taskId = createTask(_trace(0));
        taskIds.push(taskId);
        if (seed % 5 == 0) return; // left unclaimed: may expire and be cancelled
        bool liar = (seed >> 8) % 2 == 1;
        uint256 kind = liar ? 1 + (seed >> 16) % (KINDS - 1) : 0;
        claimKind[taskId] = kind;
        claimAs(liar ? worker2 : worker, taskId, _trace(kind));
    }

    function challenge(uint256 taskSeed, uint256 seed) external {
        _honestCatchUp(seed);
        if (taskIds.length == 0 || _active.length >= MAX_ACTIVE) return;
        // The newest challengeable task at or before a random one (windows are short).
        uint256 taskId;
        for (uint256 i = taskSeed % taskIds.length + 1; i > 0; --i) {
            if (tasks.state(taskIds[i - 1]) == TaskState.Challengeable) {
                taskId = taskIds[i - 1];
                break;
            }
        }
        if (taskId == 0) return;
        uint256 wKind = claimKind[taskId];
        // An honest challenger only disputes a wrong claim; the dishonest one disputes anything.
        bool honestChallenger = wKind != 0 && seed % 3 != 0;
        uint256 cKind = honestChallenger ? 0 : 1 + (seed >> 8) % (KINDS - 1);
        address who = honestChallenger ? challenger : challenger2;
        if (who == tasks.taskOf(taskId).worker) return;
        ClaimProof memory c = TraceBuilder.claimProof(_trace(cKind));
        vm.prank(who);
        try game.open(taskId, c) returns (uint256 gameId) {
            gameIds.push(gameId);
            _active.push(gameId);
            challengerKind[gameId] = cKind;
            honestSide[gameId] = wKind == 0 ? 1 : (cKind == 0 ? 2 : 0);
            openedAt[gameId] = block.timestamp;
        } catch {}
    }

    /// @dev The party to move in a random game acts: honest parties were already served by
    /// the catch-up, so this is a dishonest party moving late, stalling or cheating.
    function advance(uint256 gameSeed, uint256 delay, uint8 mode) external {
        _honestCatchUp(delay);
        if (_active.length == 0) return;
        uint256 gameId = _active[gameSeed % _active.length];
        Game memory g = game.gameOf(gameId);
        if (mode % 4 < 2) {
            // The dishonest party keeps playing its (consistent, lying) trace for a while;
            // honest answers come at once.
            uint256 rounds = 1 + delay % 24;
            for (uint256 k; k < rounds; ++k) {
                Game memory cur = game.gameOf(gameId);
                bool honestTurn = cur.phase == Phase.Step ? honestSide[gameId] != 0 : _isHonest(gameId, cur.turn);
                // Honest parties answer within MOVE_CLOCK/8; the dishonest one takes its time.
                uint256 cap = honestTurn ? MOVE_CLOCK / 8 : (mode < 128 ? MOVE_CLOCK / 2 : 2 * MOVE_CLOCK);
                vm.warp(block.timestamp + (delay >> (8 + k)) % cap);
                try this.moveExternal(gameId) {} catch {}
                if (game.gameOf(gameId).status != GameStatus.InProgress) break;
            }
        } else if (mode % 4 == 2) {
            vm.warp(block.timestamp + delay % (uint256(g.budget) + MOVE_CLOCK));
        } else {
            // An invalid reveal must never be accepted.
            address who = g.turn == Party.Worker ? g.worker : g.challenger;
            vm.prank(who);
            try game.bisect(gameId, keccak256(abi.encode(delay)), bytes32(delay)) {
                ++invalidMovesAccepted;
            } catch {}
        }
        _sweep();
    }

    function moveExternal(uint256 gameId) external {
        require(msg.sender == address(this), "self");
        _move(gameId, game.gameOf(gameId));
    }

    function timeout(uint256 gameSeed) external {
        if (_active.length == 0) return;
        uint256 gameId = _active[gameSeed % _active.length];
        Game memory g = game.gameOf(gameId);
        (uint256 used, uint256 budget) = game.clockOf(gameId, g.turn);
        try game.resolveTimeout(gameId) {}
        catch {
            if (used > budget) ++timeoutRefusedWhenDue;
        }
        _sweep();
    }

    function settle(uint256 taskSeed, uint256 delay) external {
        _honestCatchUp(delay);
        vm.warp(block.timestamp + delay % WINDOW);
        _honestCatchUp(0);
        if (taskIds.length == 0) return;
        uint256 taskId = taskIds[taskSeed % taskIds.length];
        TaskState s = tasks.state(taskId);
        if (s == TaskState.Finalizable) tasks.finalize(taskId);
        else if (s == TaskState.Expired) tasks.cancel(taskId);
    }

    function withdrawAll(uint256 actorSeed) external {
        address who = _holders[actorSeed % _holders.length];
        vm.startPrank(who);
        if (tasks.creditsOf(who) != 0) tasks.withdraw();
        if (stake.creditsOf(who) != 0) stake.withdraw();
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- views for the invariants

    function holders() external view returns (address[] memory) {
        return _holders;
    }

    function gameCount() external view returns (uint256) {
        return gameIds.length;
    }

    function taskCount() external view returns (uint256) {
        return taskIds.length;
    }

    function escrowed() external view returns (uint256 sum) {
        for (uint256 i; i < taskIds.length; ++i) {
            Task memory t = tasks.taskOf(taskIds[i]);
            if (t.status == TaskStatus.Open || t.status == TaskStatus.Claimed || t.status == TaskStatus.Disputed) {
                sum += t.fee;
            }
        }
    }

    /// @dev Stake Tasks' books say it holds on `w`: its reserve plus the stake of its open
    /// claims that did not come from the reserve (every claim here locks MIN_STAKE).
    function stakeBooked(address w) external view returns (uint256) {
        uint256 open;
        for (uint256 i; i < taskIds.length; ++i) {
            Task memory t = tasks.taskOf(taskIds[i]);
            if (t.worker == w && (t.status == TaskStatus.Claimed || t.status == TaskStatus.Disputed)) ++open;
        }
        (uint256 reserved, uint256 committed) = tasks.reserveOf(w);
        return reserved + open * MIN_STAKE - committed;
    }

    function workers() external view returns (address, address) {
        return (worker, worker2);
    }

    function taskCredits() external view returns (uint256 sum) {
        for (uint256 i; i < _holders.length; ++i) sum += tasks.creditsOf(_holders[i]);
    }

    function stakeHeld() external view returns (uint256 sum) {
        for (uint256 i; i < _holders.length; ++i) {
            (uint256 pending,) = stake.pendingUnbondOf(_holders[i]);
            sum += stake.bondedOf(_holders[i]) + pending + stake.creditsOf(_holders[i]);
        }
    }

    // exposed protocol handles
    function tokenAddr() external view returns (address) { return address(token); }
    function tasksAddr() external view returns (address) { return address(tasks); }
    function stakeAddr() external view returns (address) { return address(stake); }
    function gameAddr() external view returns (address) { return address(game); }
}

contract DisputeGameInvariantTest is Test {
    DisputeHandler internal handler;

    function setUp() public {
        // forge's writeLine refuses a file that does not exist yet (fresh clone): create the log here.
        vm.writeFile(_logPath(), "");
        handler = new DisputeHandler();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = DisputeHandler.createAndClaim.selector;
        selectors[1] = DisputeHandler.challenge.selector;
        selectors[2] = DisputeHandler.advance.selector;
        selectors[3] = DisputeHandler.timeout.selector;
        selectors[4] = DisputeHandler.settle.selector;
        selectors[5] = DisputeHandler.withdrawAll.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev One campaign checks every property after every call (three separate invariant
    /// functions would run three campaigns of the same handler).
    /// forge-config: default.invariant.runs = 256
    /// forge-config: default.invariant.depth = 64
    /// forge-config: ci.invariant.runs = 256
    /// forge-config: ci.invariant.depth = 64
    function invariant_disputeProtocol() public view {
        _tokensConserved();
        _honestPartyNeverLoses();
        _gamesBounded();
        _stakeBooks();
    }

    /// @dev Tasks' pooled lock on each worker equals its reserve plus the stake of its open
    /// claims not committed from the reserve, and the reserve covers what is committed.
    function _stakeBooks() internal view {
        StakeLike stake = StakeLike(handler.stakeAddr());
        (address w1, address w2) = handler.workers();
        address[2] memory ws = [w1, w2];
        for (uint256 i; i < 2; ++i) {
            assertEq(stake.pooledOf(handler.tasksAddr(), ws[i]), handler.stakeBooked(ws[i]), "pool == Tasks' books");
            (uint256 reserved, uint256 committed) = TasksLike(handler.tasksAddr()).reserveOf(ws[i]);
            assertLe(committed, reserved, "committed <= reserved");
        }
    }

    /// @dev Tokens are never created or lost: every token is held by an actor, escrowed in
    /// Tasks (fees + credits) or held by the StakeManager (bonds + pending unbonds + credits).
    function _tokensConserved() internal view {
        IERC20Like token = IERC20Like(handler.tokenAddr());
        address[] memory hs = handler.holders();
        uint256 sum;
        for (uint256 i; i < hs.length; ++i) sum += token.balanceOf(hs[i]);
        uint256 inTasks = token.balanceOf(handler.tasksAddr());
        uint256 inStake = token.balanceOf(handler.stakeAddr());
        assertEq(sum + inTasks + inStake, token.totalSupply(), "supply");
        assertEq(inTasks, handler.escrowed() + handler.taskCredits(), "tasks escrow + credits");
        assertEq(inStake, handler.stakeHeld(), "stakes + bonds + credits");
        assertEq(token.balanceOf(handler.gameAddr()), 0, "the game holds no tokens");
    }

    function _honestPartyNeverLoses() internal view {
        assertEq(handler.honestLosses(), 0, "honest lost");
        assertEq(handler.invalidMovesAccepted(), 0, "invalid move accepted");
    }

    /// @dev Every game stays within its move bound, its clocks account for all elapsed time
    /// (so it is resolvable by timeout by openedAt + 2 x budget + 1), and a due timeout is never refused.
    function _gamesBounded() internal view {
        GameLike game = GameLike(handler.gameAddr());
        for (uint256 i; i < handler.gameCount(); ++i) {
            uint256 gameId = handler.gameIds(i);
            Game memory g = game.gameOf(gameId);
            assertLe(g.moves, g.maxMoves, "moves <= maxMoves");
            // traceDepth 3, tensorDepth 2: 2 x (3 + 2 + 2) + 1
            assertLe(g.maxMoves, 2 * (uint256(g.traceDepth) + 2 + 2) + 1, "bound");
            if (g.status != GameStatus.InProgress) continue;
            (uint256 wUsed, uint256 budget) = game.clockOf(gameId, Party.Worker);
            (uint256 cUsed,) = game.clockOf(gameId, Party.Challenger);
            assertEq(wUsed + cUsed, block.timestamp - handler.openedAt(gameId), "chess clock identity");
            assertLe(g.turn == Party.Worker ? cUsed : wUsed, budget, "waiting party within budget");
        }
        assertEq(handler.timeoutRefusedWhenDue(), 0, "due timeout refused");
    }

    /// @dev After each run, appends what it exercised to test/fixtures-out/dispute-invariant.log
    /// (one line per run: tasks, games opened, resolved, resolved by step, most moves in a game).
    function afterInvariant() external {
        string memory line = string.concat(
            vm.toString(handler.taskCount()),
            " ",
            vm.toString(handler.gameCount()),
            " ",
            vm.toString(handler.resolved()),
            " ",
            vm.toString(handler.resolvedByStep()),
            " ",
            vm.toString(handler.maxMovesSeen())
        );
        VmWriteLine(address(vm)).writeLine(_logPath(), line);
    }

    function _logPath() private view returns (string memory) {
        return string.concat(vm.projectRoot(), "/test/fixtures-out/dispute-invariant.log");
    }
}

/// @dev forge's append-a-line cheatcode (not in test/utils/Vm.sol).
interface VmWriteLine {
    function writeLine(string calldata path, string calldata data) external;
}

interface IERC20Like {
    function balanceOf(address) external view returns (uint256);
    function totalSupply() external view returns (uint256);
}

interface StakeLike {
    function pooledOf(address game, address agent) external view returns (uint256);
}

interface TasksLike {
    function reserveOf(address worker) external view returns (uint256 reserved, uint256 committed);
}

interface GameLike {
    function gameOf(uint256) external view returns (Game memory);
    function clockOf(uint256, Party) external view returns (uint256, uint256);
}
