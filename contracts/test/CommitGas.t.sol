// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {CommitHarness} from "./harness/CommitHarness.sol";
import {DTYPE_INT8} from "../src/lib/CommitConstants.sol";

/// @notice Gas to verify one element proof per candidate leaf size (1 KB, 10 KB, 100 KB int8 tensors,
/// vectors from test/fixtures/commit-gas-vectors.json). Measured around the external call,
/// so it includes call overhead and copying the proof from calldata to memory (baselineGas:
/// the same call doing nothing), but not the
/// transaction's calldata charge (16 gas per non-zero byte), which the report adds.
/// Results: test/fixtures-out/commit-gas.json (read by test/commit/bench/gasPerProof.ts).
contract CommitGasTest is Test {
    struct Row {
        uint256 leafSize;
        uint256 count;
        uint256 depth;
        uint256 calldataBytes;
        uint256 calldataGas;
        uint256 executionGas;
        uint256 baselineGas;
    }

    CommitHarness internal h;
    string internal json;

    function test_gas_verifyElementPerLeafSize_succeeds() public {
        h = new CommitHarness();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/commit-gas-vectors.json"));
        string memory rows;
        for (uint256 i; vm.keyExistsJson(json, _k(i, "")); ++i) {
            rows = string.concat(rows, i == 0 ? "" : ",", _format(_measure(i)));
        }
        vm.writeFile(string.concat(vm.projectRoot(), "/test/fixtures-out/commit-gas.json"), string.concat("[", rows, "]"));
    }

    function _k(uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".bySize[", vm.toString(i), "]", field);
    }

    /// @dev Transaction calldata charge: 4 gas per zero byte, 16 per non-zero byte.
    function _calldataGas(bytes memory data) internal pure returns (uint256 g) {
        for (uint256 i; i < data.length; ++i) g += data[i] == 0 ? 4 : 16;
    }

    function _call(uint256 i) internal view returns (bytes memory) {
        return abi.encodeCall(
            CommitHarness.verifyElementSized,
            (
                vm.parseJsonUint(json, _k(i, ".leafSize")),
                vm.parseJsonBytes32(json, _k(i, ".root")),
                DTYPE_INT8,
                vm.parseJsonUint(json, _k(i, ".count")),
                vm.parseJsonUint(json, _k(i, ".elementIndex")),
                vm.parseJsonBytes(json, _k(i, ".leaf")),
                vm.parseJsonBytes32Array(json, _k(i, ".siblings"))
            )
        );
    }

    function _measure(uint256 i) internal view returns (Row memory r) {
        bytes memory call = _call(i);
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = address(h).staticcall(call);
        r.executionGas = before - gasleft();
        assertTrue(ok, "proof did not verify");
        assertEq(abi.decode(ret, (int256)), vm.parseJsonInt(json, _k(i, ".value")));
        bytes memory noop = bytes.concat(CommitHarness.verifyElementNoop.selector, _slice4(call));
        before = gasleft();
        (ok,) = address(h).staticcall(noop);
        r.baselineGas = before - gasleft();
        r.leafSize = vm.parseJsonUint(json, _k(i, ".leafSize"));
        r.count = vm.parseJsonUint(json, _k(i, ".count"));
        r.depth = vm.parseJsonUint(json, _k(i, ".depth"));
        r.calldataBytes = call.length;
        r.calldataGas = _calldataGas(call);
    }

    function _slice4(bytes memory b) internal pure returns (bytes memory out) {
        out = new bytes(b.length - 4);
        for (uint256 i; i < out.length; ++i) out[i] = b[i + 4];
    }

    function _format(Row memory r) internal pure returns (string memory) {
        return string.concat(
            string.concat('{"leafSize":', vm.toString(r.leafSize), ',"count":', vm.toString(r.count)),
            string.concat(',"depth":', vm.toString(r.depth), ',"calldataBytes":', vm.toString(r.calldataBytes)),
            string.concat(',"calldataGas":', vm.toString(r.calldataGas), ',"executionGas":', vm.toString(r.executionGas)),
            string.concat(',"baselineGas":', vm.toString(r.baselineGas), "}")
        );
    }
}
