// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {DTYPE_INT8, DTYPE_INT32} from "../src/lib/CommitConstants.sol";
import {LibTensorCommit} from "../src/lib/LibTensorCommit.sol";
import {LibTraceCommit} from "../src/lib/LibTraceCommit.sol";

/// @notice The worked example of docs/commitment-format.md, recomputed in Solidity.
contract WorkedExampleTest is Test {
    function test_workedExample_tensorA_succeeds() public view {
        uint256[] memory shape = new uint256[](2);
        shape[0] = 2;
        shape[1] = 3;
        bytes32 root = LibTensorCommit.rootOfPacked(hex"01fe03fc05fa");
        assertEq(root, 0xaf1878b84862d4ace6963bc4f119042e0b09517e05ee382b88f26b158a4be03e);
        assertEq(
            LibTensorCommit.hashTensor(DTYPE_INT8, shape, root),
            0xd2b55d688575e5064146617c727925b1f0fde63007d6c9ac714b5452f707bc45
        );
    }

    function test_workedExample_tensorBAndTrace_succeeds() public view {
        bytes memory data = new bytes(520);
        for (uint256 i; i < 130; ++i) {
            uint32 u = uint32(int32(int256(i) - 65));
            for (uint256 b; b < 4; ++b) data[4 * i + b] = bytes1(uint8(u >> (8 * b)));
        }
        bytes32 root = LibTensorCommit.rootOfPacked(data);
        assertEq(root, 0x537825e46831a71c1cfc97aff8c77d300a31e8fd604c3e06c94407a1588f13f2);
        uint256[] memory shape = new uint256[](1);
        shape[0] = 130;
        bytes32[] memory hashes = new bytes32[](3);
        hashes[0] = 0xd2b55d688575e5064146617c727925b1f0fde63007d6c9ac714b5452f707bc45;
        hashes[1] = LibTensorCommit.hashTensor(DTYPE_INT32, shape, root);
        assertEq(hashes[1], 0x54da9db9a90e35530be98a5093a1e7c88f1aefb52dce2ddf89d9e48e1727a70b);
        hashes[2] = LibTensorCommit.hashTensor(DTYPE_INT32, new uint256[](0), LibTensorCommit.rootOfPacked(hex"ffffffff"));
        assertEq(hashes[2], 0xb88a71a5b90e08eee93ef582dba8daa8a9ebc1b095a90fee6f4e0212e6bbac88);
        assertEq(LibTraceCommit.traceRoot(hashes), 0xc44880f7e04283714821287fa8bf644166deb8897181446127402e513ef95caf);
    }
}
