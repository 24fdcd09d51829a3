// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IOneStepVerifier} from "../../src/verifier/IOneStepVerifier.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {StepProof} from "../../src/verifier/LibStepBinding.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";
import {StepProofBuilder} from "./StepProofBuilder.sol";

/// @notice Gas of one step per op type, on the representative steps of test/fixtures/verifier/gas.json
/// (every op of the MNIST CNN at a middle output element, one random step of each other kind).
/// Per case: execution gas of computeElement (leaves given) and of verifyStep (openings, leaf
/// proofs, then the same arithmetic), each one warm external call measured with gasleft();
/// verifyStep's calldata size
/// and its calldata gas (16 / 4 per non-zero / zero byte). Logged, and written to
/// test/fixtures-out/verifier-gas.json. Run: forge test --match-contract OneStepGasTest -vv
contract OneStepGasTest is Test {
    event log_named_string(string key, string val);

    OneStepVerifier internal verifier;

    function setUp() public {
        verifier = new OneStepVerifier();
    }

    struct Row {
        string name;
        uint256 reads;
        uint256 leaves;
        uint256 pureGas;
        uint256 stepGas;
        uint256 calldataBytes;
        uint256 calldataGas;
    }

    function test_gas_perOpType_succeeds() public {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/verifier/gas.json"));
        uint256 n = vm.parseJsonUint(json, ".count");
        // Warm the verifier's account so every measured call pays the same access cost.
        verifier.describe(abi.encodePacked(int256(10), int256(1), int256(1), int256(0)));
        string memory rows = "";
        for (uint256 i; i < n; ++i) {
            Row memory r = _measure(json, i);
            emit log_named_string(
                r.name,
                string.concat(
                    "reads ", vm.toString(r.reads), ", leaves ", vm.toString(r.leaves),
                    ", computeElement ", vm.toString(r.pureGas), ", verifyStep ", vm.toString(r.stepGas),
                    ", calldata ", vm.toString(r.calldataBytes), " B / ", vm.toString(r.calldataGas), " gas"
                )
            );
            rows = string.concat(
                rows, i == 0 ? "" : ",\n",
                "  {\"name\": \"", r.name, "\", \"reads\": ", vm.toString(r.reads),
                ", \"leaves\": ", vm.toString(r.leaves),
                ", \"computeElementGas\": ", vm.toString(r.pureGas),
                ", \"verifyStepGas\": ", vm.toString(r.stepGas),
                ", \"calldataBytes\": ", vm.toString(r.calldataBytes),
                ", \"calldataGas\": ", vm.toString(r.calldataGas), "}"
            );
        }
        vm.writeFile(string.concat(vm.projectRoot(), "/test/fixtures-out/verifier-gas.json"), string.concat("[\n", rows, "\n]\n"));
    }

    function _measure(string memory json, uint256 i) internal returns (Row memory r) {
        string memory p = string.concat(".cases[", vm.toString(i), "]");
        FixtureStep memory s = VerifierFixtureCodec.decode(vm.parseJsonBytes(json, string.concat(p, ".step")));
        (bytes32[] memory hashes, StepProof memory proof) =
            StepProofBuilder.build(s, vm.parseJsonBytesArray(json, string.concat(p, ".data")));
        r.name = vm.parseJsonString(json, string.concat(p, ".name"));
        r.reads = s.reads.length;
        r.leaves = proof.leaves.length;
        uint256 g = gasleft();
        int256 v = verifier.computeElement(s.descriptor, s.index, s.operands, proof.leaves);
        r.pureGas = g - gasleft();
        assertEq(v, s.expected);
        g = gasleft();
        v = verifier.verifyStep(s.descriptor, s.index, hashes, proof);
        r.stepGas = g - gasleft();
        assertEq(v, s.expected);
        bytes memory callData = abi.encodeCall(IOneStepVerifier.verifyStep, (s.descriptor, s.index, hashes, proof));
        r.calldataBytes = callData.length;
        r.calldataGas = _calldataGas(callData);
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) gas += data[i] == 0 ? 4 : 16;
    }
}
