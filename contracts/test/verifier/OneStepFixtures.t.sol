// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {OneStepVerifier} from "../../src/verifier/OneStepVerifier.sol";
import {FixtureStep, VerifierFixtureCodec} from "./VerifierFixtureCodec.sol";

/// @notice The differential test: every case of test/fixtures/verifier/<kind>.json (random-ops
/// instances; descriptor words, output index, the reads computeElement made, its result; written
/// by test/contracts/verifier/writeFixtures.ts) is recomputed by the Solidity verifier from the
/// leaves holding those reads, every other byte poisoned (VerifierFixtureCodec.leavesOf): it must
/// return the same value, so it read exactly elements the TypeScript read.
contract OneStepFixturesTest is Test {
    event log_named_uint(string key, uint256 val);

    OneStepVerifier internal verifier;

    function setUp() public {
        verifier = new OneStepVerifier();
    }

    function _run(string memory kind) internal {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/verifier/", kind, ".json"));
        bytes[] memory cases = vm.parseJsonBytesArray(json, ".cases");
        assertEq(cases.length, vm.parseJsonUint(json, ".count"), "case count");
        assertGt(cases.length, 0);
        uint256 mismatches;
        uint256 reverts;
        uint256 firstBad = type(uint256).max;
        for (uint256 i; i < cases.length; ++i) {
            FixtureStep memory s = VerifierFixtureCodec.decode(cases[i]);
            try verifier.computeElement(s.descriptor, s.index, s.operands, VerifierFixtureCodec.leavesOf(s)) returns (int256 v) {
                if (v != s.expected) {
                    ++mismatches;
                    if (firstBad == type(uint256).max) firstBad = s.tag;
                }
            } catch {
                ++reverts;
                if (firstBad == type(uint256).max) firstBad = s.tag;
            }
        }
        emit log_named_uint(string.concat(kind, " cases"), cases.length);
        emit log_named_uint(string.concat(kind, " mismatches"), mismatches);
        emit log_named_uint(string.concat(kind, " reverts"), reverts);
        assertEq(mismatches + reverts, 0, string.concat(kind, ": first bad case tag (seed) ", vm.toString(firstBad)));
    }

    function test_fixtures_conv_succeeds() public { _run("conv"); }
    function test_fixtures_fc_succeeds() public { _run("fc"); }
    function test_fixtures_matmul_succeeds() public { _run("matmul"); }
    function test_fixtures_add_succeeds() public { _run("add"); }
    function test_fixtures_mul_succeeds() public { _run("mul"); }
    function test_fixtures_lut_succeeds() public { _run("lut"); }
    function test_fixtures_softmax_succeeds() public { _run("softmax"); }
    function test_fixtures_maxPool_succeeds() public { _run("maxPool"); }
    function test_fixtures_avgPool_succeeds() public { _run("avgPool"); }
    function test_fixtures_reshape_succeeds() public { _run("reshape"); }
    function test_fixtures_transpose_succeeds() public { _run("transpose"); }
}
