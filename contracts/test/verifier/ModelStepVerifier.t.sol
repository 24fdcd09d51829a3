// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MerkleBuilder} from "../utils/MerkleBuilder.sol";
import {TRACE_NODE_DOMAIN} from "../../src/lib/CommitConstants.sol";
import {CommitRootMismatch} from "../../src/lib/CommitErrors.sol";
import {StepQuery} from "../../src/dispute/interfaces/IStepVerifier.sol";
import {ModelStepProof, ModelStepVerifier} from "../../src/verifier/ModelStepVerifier.sol";
import {StepProof} from "../../src/verifier/LibStepBinding.sol";
import {ReadLeafMissing, StepOperandNotAgreed} from "../../src/verifier/VerifierErrors.sol";
import {LeafProof} from "../../src/verifier/VerifierTypes.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";
import {StepProofBuilder} from "./StepProofBuilder.sol";

/// @notice ModelStepVerifier (the dispute game's IStepVerifier) on MNIST conv2 (gas.json case 2):
/// op 2 of a 7-op model, input = trace value 2, weights/bias/multipliers/shifts = constants 4..7
/// of 16, trace of 8 tensors, as models/mnist-cnn.vouch. The other op leaves, constants and trace
/// tensors are stand-ins: only the paths of the proven ones matter.
contract ModelStepVerifierTest is Test {
    ModelStepVerifier internal verifier;
    FixtureStep internal s;
    StepQuery internal query;
    bytes internal encodedProof;

    uint256 internal constant OP_INDEX = 2;

    function setUp() public {
        verifier = new ModelStepVerifier();
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/verifier/gas.json"));
        FixtureStep memory f = VerifierFixtureCodec.decode(vm.parseJsonBytes(json, ".cases[2].step"));
        (bytes32[] memory hashes, StepProof memory step) =
            StepProofBuilder.build(f, vm.parseJsonBytesArray(json, ".cases[2].data"));
        _store(f, hashes, step);
    }

    function _store(FixtureStep memory f, bytes32[] memory hashes, StepProof memory step) internal {
        s.descriptor = f.descriptor;
        s.index = f.index;
        s.expected = f.expected;
        // ops: 7 leaves, op 2 is the descriptor's leaf
        bytes32[] memory opLeaves = _standIns("op", 7);
        opLeaves[OP_INDEX] = sha256(bytes.concat(bytes1(0x04), f.descriptor));
        bytes32[][] memory opLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, opLeaves);
        // constants: 16 tensor hashes, 4..7 are conv2's weights, bias, multipliers, shifts
        bytes32[] memory constants = _standIns("constant", 16);
        for (uint256 i = 1; i < 5; ++i) constants[3 + i] = hashes[i];
        bytes32[][] memory constLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, constants);
        // trace: 8 tensors, value 2 is conv2's input
        bytes32[] memory trace = _standIns("trace", 8);
        trace[2] = hashes[0];
        bytes32[][] memory traceLevels = MerkleBuilder.build(TRACE_NODE_DOMAIN, trace);

        query = StepQuery({
            opsRoot: opLevels[opLevels.length - 1][0],
            constantsRoot: constLevels[constLevels.length - 1][0],
            opCount: 7,
            constantCount: 16,
            inputCount: 1,
            traceLength: 8,
            traceRoot: traceLevels[traceLevels.length - 1][0],
            opIndex: OP_INDEX,
            elementIndex: f.index
        });
        ModelStepProof memory p;
        p.descriptor = f.descriptor;
        p.descriptorSiblings = MerkleBuilder.proof(opLevels, OP_INDEX);
        p.tensorHashes = hashes;
        p.tensorSiblings = new bytes32[][](5);
        p.tensorSiblings[0] = MerkleBuilder.proof(traceLevels, 2);
        for (uint256 i = 1; i < 5; ++i) p.tensorSiblings[i] = MerkleBuilder.proof(constLevels, 3 + i);
        p.step = step;
        encodedProof = abi.encode(p);
    }

    function _standIns(string memory tag, uint256 n) internal pure returns (bytes32[] memory xs) {
        xs = new bytes32[](n);
        for (uint256 i; i < n; ++i) xs[i] = keccak256(abi.encode(tag, i));
    }

    event log_named_uint(string key, uint256 val);

    /// Also logs the execution gas of the step (one external call, the verifier's account warmed
    /// by a first call) and its calldata gas, as DisputeGame.step would pay them.
    function test_computeElement_mnistConv2_succeeds() public {
        bytes memory p = encodedProof;
        StepQuery memory q = query;
        assertEq(verifier.computeElement(q, p), s.expected);
        uint256 g = gasleft();
        int256 v = verifier.computeElement(q, p);
        uint256 used = g - gasleft();
        assertEq(v, s.expected);
        bytes memory callData = abi.encodeCall(ModelStepVerifier.computeElement, (q, p));
        uint256 cd;
        for (uint256 i; i < callData.length; ++i) cd += callData[i] == 0 ? 4 : 16;
        emit log_named_uint("mnist conv2 ModelStepVerifier.computeElement execution gas", used);
        emit log_named_uint("calldata bytes", callData.length);
        emit log_named_uint("calldata gas", cd);
    }

    function test_computeElement_descriptorNotInModel_reverts() public {
        ModelStepProof memory p = abi.decode(encodedProof, (ModelStepProof));
        // Another op's parameters: outputZp -128 -> -127.
        bytes memory d = p.descriptor;
        assembly ("memory-safe") {
            mstore(add(d, add(0x20, mul(12, 0x20))), sub(0, 127))
        }
        vm.expectPartialRevert(CommitRootMismatch.selector);
        verifier.computeElement(query, abi.encode(p));
    }

    function test_computeElement_weightsNotInModel_reverts() public {
        ModelStepProof memory p = abi.decode(encodedProof, (ModelStepProof));
        // The weights' tensor hash proven at the bias's constant slot.
        p.tensorSiblings[1] = p.tensorSiblings[2];
        vm.expectPartialRevert(CommitRootMismatch.selector);
        verifier.computeElement(query, abi.encode(p));
    }

    function test_computeElement_inputNotAgreed_reverts() public {
        StepQuery memory q = query;
        // With no model inputs, op 2's output is trace position 2: value 2 is the disputed tensor itself.
        q.inputCount = 0;
        vm.expectRevert(abi.encodeWithSelector(StepOperandNotAgreed.selector, 0, 2, 2));
        verifier.computeElement(q, encodedProof);
    }

    function test_computeElement_wrongValueInLeaf_reverts() public {
        ModelStepProof memory p = abi.decode(encodedProof, (ModelStepProof));
        // A value changed in a proven leaf: the leaf no longer hashes to its operand's root.
        bytes memory leaf = p.step.leaves[1].leaf;
        leaf[0] = bytes1(uint8(leaf[0]) ^ 1);
        vm.expectPartialRevert(CommitRootMismatch.selector);
        verifier.computeElement(query, abi.encode(p));
    }

    function test_computeElement_missingLeaf_reverts() public {
        ModelStepProof memory p = abi.decode(encodedProof, (ModelStepProof));
        // Without the last leaf the verifier's loop reaches an element no supplied leaf holds.
        uint256 n = p.step.leaves.length;
        LeafProof memory dropped = p.step.leaves[n - 1];
        LeafProof[] memory fewer = new LeafProof[](n - 1);
        for (uint256 i; i < n - 1; ++i) fewer[i] = p.step.leaves[i];
        p.step.leaves = fewer;
        vm.expectRevert(abi.encodeWithSelector(ReadLeafMissing.selector, dropped.operand, dropped.leafIndex));
        verifier.computeElement(query, abi.encode(p));
    }
}
