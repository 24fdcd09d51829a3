// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameDriver} from "./utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {Game, GameStatus} from "../../src/dispute/lib/Types.sol";

/// @dev Fixed lifecycles for `forge test --gas-report --match-contract VouchGasTest`:
/// an MNIST-sized trace (8 tensors, trace depth 3) of int8 tensors of 6,272 elements
/// (8 x 28 x 28: 25 leaves, tensor depth 5). Every call is made the same way every run.
contract VouchGasTest is GameDriver {
    Trace internal honest;
    Trace internal liar;

    function setUp() public {
        setUpVouch(7, 6272);
        honest = honestTrace(1);
        liar = lyingTrace(1, 4, 3000);
    }

    /// @dev Two optimistic tasks in a row: the first pays for new storage (the worker's first
    /// credit, the treasury's first credit, Tasks' first token balance), the second is the
    /// steady state of a busy worker.
    function test_gas_optimisticLifecycle_succeeds() public {
        for (uint256 i; i < 2; ++i) {
            uint256 taskId = createTask(honest);
            claimAs(worker, taskId, honest);
            vm.warp(block.timestamp + WINDOW);
            tasks.finalize(taskId);
        }
    }

    /// @dev A full dispute where the worker lied at tensor 4: every move type once per party.
    function test_gas_disputeLifecycle_succeeds() public {
        uint256 taskId = createTask(honest);
        claimAs(worker, taskId, liar);
        uint256 gameId = openAs(challenger, taskId, honest);
        uint256 moves = playToEnd(gameId, liar, honest);
        Game memory g = game.gameOf(gameId);
        assertEq(uint256(g.status), uint256(GameStatus.ChallengerWon));
        assertEq(moves, 2 * (3 + 1 + 5 + 1) + 1);
    }

    function test_gas_timeout_succeeds() public {
        uint256 taskId = createTask(honest);
        claimAs(worker, taskId, liar);
        uint256 gameId = openAs(challenger, taskId, honest);
        vm.warp(block.timestamp + game.gameOf(gameId).budget + 1);
        game.resolveTimeout(gameId);
    }
}
