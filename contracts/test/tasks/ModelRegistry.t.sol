// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {DTYPE_INT8, TRACE_NODE_DOMAIN} from "../../src/lib/CommitConstants.sol";
import {LibTensorCommit} from "../../src/lib/LibTensorCommit.sol";
import {LibTraceCommit} from "../../src/lib/LibTraceCommit.sol";
import {ModelRegistry} from "../../src/tasks/ModelRegistry.sol";
import {
    IModelRegistry,
    ModelCommitment,
    ModelIdMismatch,
    ModelAlreadyRegistered,
    ModelNotRegistered,
    ModelNoOps,
    ModelBadIoWords,
    ModelOutputNotLast,
    ModelEmptyFile,
    ModelBadInputCount,
    ModelBadCanon,
    ModelNotFloat
} from "../../src/tasks/IModelRegistry.sol";

contract ModelRegistryTest is Test {
    ModelRegistry internal registry;

    // A model committed by src/commit/modelCommitment.ts (inputs x:[2,3]; ops lut(x, table), reshape -> [6];
    // one int8 constant of 256 elements, element i = (i*7) & 0x7f). Values printed by the TS code.
    bytes32 internal constant TS_MODEL_ID = 0x22b1055296d6123b1fd96dcb5cc23be3a654e09bdf8fa978ef493830c350e55a;
    bytes32 internal constant TS_OPS_ROOT = 0xd720790a72fd90eae3b12ef156385110c845a0ed49a5eddc50eeced6df4f4074;
    bytes32 internal constant TS_CONSTANTS_ROOT = 0x6102d34e53042894b24d1e044d4071afe4193b822a39f4a76546b77e50ad7272;
    bytes32 internal constant TS_IO_HASH = 0xa1408524ade4f71794e410c10b2df9e05def629e8947755737b8513865d33f72;

    function setUp() public {
        registry = new ModelRegistry();
    }

    function _io() internal pure returns (int256[] memory w) {
        int256[15] memory a = [int256(1), 1, 0, 2, 2, 3, -3, 1234567, -2, 2, 1, 6, 5, 7654321, 1];
        w = new int256[](15);
        for (uint256 i; i < 15; ++i) w[i] = a[i];
    }

    function _words(int256[4] memory a, uint256 n) internal pure returns (int256[] memory w) {
        w = new int256[](n);
        for (uint256 i; i < n; ++i) w[i] = a[i];
    }

    function test_tsVector_partsRecomputeInSolidity_succeeds() public view {
        bytes32[] memory opLeaves = new bytes32[](2);
        opLeaves[0] = sha256(abi.encodePacked(bytes1(0x04), _words([int256(6), 2, 2, 3], 4), _words([int256(0), -1, 0, 0], 2)));
        opLeaves[1] = sha256(abi.encodePacked(bytes1(0x04), _words([int256(10), 1, 6, 1], 4)));
        assertEq(LibTraceCommit.traceRoot(opLeaves), TS_OPS_ROOT, "ops root");
        bytes memory table = new bytes(256);
        for (uint256 i; i < 256; ++i) table[i] = bytes1(uint8((i * 7) & 0x7f));
        uint256[] memory shape = new uint256[](1);
        shape[0] = 256;
        bytes32[] memory constants = new bytes32[](1);
        constants[0] = LibTensorCommit.hashTensor(DTYPE_INT8, shape, LibTensorCommit.rootOfPacked(table));
        assertEq(LibTraceCommit.traceRoot(constants), TS_CONSTANTS_ROOT, "constants root");
        assertEq(sha256(abi.encodePacked(bytes1(0x05), _io())), TS_IO_HASH, "io hash");
    }

    function test_register_tsModel_succeeds() public {
        vm.expectEmit(address(registry));
        emit IModelRegistry.ModelRegistered(TS_MODEL_ID, address(this), TS_IO_HASH, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1, 1);
        bytes32 id = registry.register(TS_MODEL_ID, _io(), TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
        assertEq(id, TS_MODEL_ID);
        ModelCommitment memory m = registry.modelOf(id);
        assertEq(m.opsRoot, TS_OPS_ROOT);
        assertEq(m.constantsRoot, TS_CONSTANTS_ROOT);
        assertEq(m.opCount, 2);
        assertEq(m.constantCount, 1);
        assertEq(m.inputCount, 1);
        assertEq(m.traceLength, 3);
        (uint256 inputCount, uint256 traceLength) = registry.traceGeometry(id);
        assertEq(inputCount, 1);
        assertEq(traceLength, 3);
        assertTrue(registry.isRegistered(id));
    }

    function test_register_wrongConstantCount_reverts() public {
        vm.expectPartialRevert(ModelIdMismatch.selector);
        registry.register(TS_MODEL_ID, _io(), TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 2);
    }

    function test_register_tamperedIoWord_reverts() public {
        int256[] memory io = _io();
        io[6] = -4; // input zero point
        vm.expectPartialRevert(ModelIdMismatch.selector);
        registry.register(TS_MODEL_ID, io, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
    }

    function test_register_wrongOpsRoot_reverts() public {
        vm.expectPartialRevert(ModelIdMismatch.selector);
        registry.register(TS_MODEL_ID, _io(), bytes32(uint256(1)), TS_CONSTANTS_ROOT, 2, 1);
    }

    function test_register_twice_reverts() public {
        registry.register(TS_MODEL_ID, _io(), TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
        vm.expectRevert(abi.encodeWithSelector(ModelAlreadyRegistered.selector, TS_MODEL_ID));
        registry.register(TS_MODEL_ID, _io(), TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
    }

    function _idOf(int256[] memory io, uint32 opCount) internal pure returns (bytes32) {
        bytes32 ioHash = sha256(abi.encodePacked(bytes1(0x05), io));
        return sha256(abi.encodePacked(bytes1(0x06), ioHash, TS_OPS_ROOT, TS_CONSTANTS_ROOT, opCount, uint32(1)));
    }

    function test_register_noOps_reverts() public {
        bytes32 id = _idOf(_io(), 0);
        int256[] memory io = _io();
        vm.expectRevert(abi.encodeWithSelector(ModelNoOps.selector));
        registry.register(id, io, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 0, 1);
    }

    function test_register_outputNotLast_reverts() public {
        // With 3 ops the last value is 3, but the io words name value 2 as the output.
        bytes32 id = _idOf(_io(), 3);
        vm.expectRevert(abi.encodeWithSelector(ModelOutputNotLast.selector, 1, int256(2), 3));
        registry.register(id, _io(), TS_OPS_ROOT, TS_CONSTANTS_ROOT, 3, 1);
    }

    function test_register_truncatedIoWords_reverts() public {
        int256[] memory io = new int256[](14);
        int256[] memory full = _io();
        for (uint256 i; i < 14; ++i) io[i] = full[i];
        bytes32 id = _idOf(io, 2);
        vm.expectPartialRevert(ModelBadIoWords.selector);
        registry.register(id, io, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
    }

    function test_register_inputNotFirstValue_reverts() public {
        int256[] memory io = _io();
        io[2] = 1; // input is value 1, not value 0
        bytes32 id = _idOf(io, 2);
        vm.expectRevert(abi.encodeWithSelector(ModelBadIoWords.selector, 2, int256(1)));
        registry.register(id, io, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
    }

    function test_modelOf_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ModelNotRegistered.selector, bytes32(uint256(7))));
        registry.modelOf(bytes32(uint256(7)));
    }

    // ================================================================ float models

    /// floatModelId(utf8("vouch float model fixture")), printed by src/commit/floatModelId.ts.
    bytes32 internal constant TS_FLOAT_ID = 0x1575dd2b2287ac6e2b65d76b67a47669bd99c9dc57285ce08080426601bf57ab;
    uint16 internal constant TOP1 = 2 << 8;

    function test_registerFloat_idIsTsFloatModelId_succeeds() public {
        bytes memory file = bytes("vouch float model fixture");
        bytes32 id = registry.registerFloat(file, 1, TOP1);
        assertEq(id, TS_FLOAT_ID);
        assertEq(id, sha256(abi.encodePacked(bytes1(0x07), file)));
        assertTrue(registry.isFloat(id));
        assertTrue(registry.isRegistered(id));
        assertEq(uint256(registry.floatCanonOf(id)), TOP1);
        ModelCommitment memory m = registry.modelOf(id);
        assertEq(uint256(m.opCount), 0);
        assertEq(uint256(m.inputCount), 1);
        assertEq(uint256(m.traceLength), 2);
        (uint256 inputCount, uint256 traceLength) = registry.traceGeometry(id);
        assertEq(inputCount, 1);
        assertEq(traceLength, 2);
    }

    function test_registerFloat_roundCode_succeeds() public {
        bytes32 id = registry.registerFloat(hex"01", 3, (3 << 8) | 22);
        assertEq(uint256(registry.floatCanonOf(id)), (3 << 8) | 22);
        assertEq(uint256(registry.modelOf(id).traceLength), 4);
    }

    function test_registerFloat_twice_reverts() public {
        bytes32 id = registry.registerFloat(hex"0102", 1, TOP1);
        vm.expectRevert(abi.encodeWithSelector(ModelAlreadyRegistered.selector, id));
        registry.registerFloat(hex"0102", 2, 1 << 8);
    }

    function test_registerFloat_emptyFile_reverts() public {
        vm.expectRevert(ModelEmptyFile.selector);
        registry.registerFloat("", 1, TOP1);
    }

    function test_registerFloat_badInputCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ModelBadInputCount.selector, 0, 64));
        registry.registerFloat(hex"01", 0, TOP1);
        vm.expectRevert(abi.encodeWithSelector(ModelBadInputCount.selector, 65, 64));
        registry.registerFloat(hex"01", 65, TOP1);
    }

    function test_registerFloat_badCanon_reverts() public {
        uint16[5] memory bad = [uint16(0), 5 << 8, (2 << 8) | 1, (3 << 8) | 23, (1 << 8) | 7];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ModelBadCanon.selector, bad[i]));
            registry.registerFloat(hex"01", 1, bad[i]);
        }
    }

    function test_floatCanonOf_int8Model_reverts() public {
        int256[] memory io = _io();
        bytes32 id = registry.register(TS_MODEL_ID, io, TS_OPS_ROOT, TS_CONSTANTS_ROOT, 2, 1);
        assertFalse(registry.isFloat(id));
        vm.expectRevert(abi.encodeWithSelector(ModelNotFloat.selector, id));
        registry.floatCanonOf(id);
    }
}
