// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base replacing forge-std's Test: the cheatcode handle, assertions
/// (forwarded to forge's own vm.assert* cheatcodes, which revert with a formatted message
/// and so fail the test), fuzz helpers, and the target lists forge reads for invariant tests.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    // ---------------------------------------------------------------- assertions
    function assertTrue(bool c) internal pure { vm.assertTrue(c); }
    function assertTrue(bool c, string memory err) internal pure { vm.assertTrue(c, err); }
    function assertFalse(bool c) internal pure { vm.assertFalse(c); }
    function assertFalse(bool c, string memory err) internal pure { vm.assertFalse(c, err); }
    function assertEq(bool a, bool b) internal pure { vm.assertEq(a, b); }
    function assertEq(bool a, bool b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(uint256 a, uint256 b) internal pure { vm.assertEq(a, b); }
    function assertEq(uint256 a, uint256 b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(int256 a, int256 b) internal pure { vm.assertEq(a, b); }
    function assertEq(int256 a, int256 b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(address a, address b) internal pure { vm.assertEq(a, b); }
    function assertEq(address a, address b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(bytes32 a, bytes32 b) internal pure { vm.assertEq(a, b); }
    function assertEq(bytes32 a, bytes32 b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(string memory a, string memory b) internal pure { vm.assertEq(a, b); }
    function assertEq(string memory a, string memory b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(bytes memory a, bytes memory b) internal pure { vm.assertEq(a, b); }
    function assertEq(bytes memory a, bytes memory b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertEq(bytes32[] memory a, bytes32[] memory b) internal pure { vm.assertEq(a, b); }
    function assertEq(bytes32[] memory a, bytes32[] memory b, string memory err) internal pure { vm.assertEq(a, b, err); }
    function assertNotEq(uint256 a, uint256 b) internal pure { vm.assertNotEq(a, b); }
    function assertNotEq(bytes32 a, bytes32 b) internal pure { vm.assertNotEq(a, b); }
    function assertNotEq(bytes32 a, bytes32 b, string memory err) internal pure { vm.assertNotEq(a, b, err); }
    function assertLt(uint256 a, uint256 b) internal pure { vm.assertLt(a, b); }
    function assertLe(uint256 a, uint256 b) internal pure { vm.assertLe(a, b); }
    function assertGt(uint256 a, uint256 b) internal pure { vm.assertGt(a, b); }
    function assertGe(uint256 a, uint256 b) internal pure { vm.assertGe(a, b); }
    function assertLe(uint256 a, uint256 b, string memory err) internal pure { vm.assertLe(a, b, err); }

    function fail(string memory err) internal pure { vm.assertTrue(false, err); }

    // ---------------------------------------------------------------- fuzz helpers
    /// @dev Maps x into [min, max] by wrap-around (keeps the distribution of small
    /// values that the fuzzer favours). Same contract as forge-std's bound.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        // size + 1 overflows only for the full range, where every x is already in range.
        unchecked {
            return min + (x - min) % (size + 1);
        }
    }

    function makeAddr(string memory name) internal returns (address a) {
        a = vm.addr(uint256(keccak256(bytes(name))));
        vm.label(a, name);
    }

    // ---------------------------------------------------------------- invariant targets
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    address[] private _excludedContracts;
    address[] private _targetedSenders;
    address[] private _excludedSenders;
    FuzzSelector[] private _targetedSelectors;

    function targetContract(address a) internal { _targetedContracts.push(a); }
    function excludeContract(address a) internal { _excludedContracts.push(a); }
    function targetSender(address a) internal { _targetedSenders.push(a); }
    function excludeSender(address a) internal { _excludedSenders.push(a); }
    function targetSelector(FuzzSelector memory s) internal { _targetedSelectors.push(s); }

    // forge calls these by name when it runs invariant tests.
    function targetContracts() public view returns (address[] memory) { return _targetedContracts; }
    function excludeContracts() public view returns (address[] memory) { return _excludedContracts; }
    function targetSenders() public view returns (address[] memory) { return _targetedSenders; }
    function excludeSenders() public view returns (address[] memory) { return _excludedSenders; }
    function targetSelectors() public view returns (FuzzSelector[] memory) { return _targetedSelectors; }
}
