// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev Smoke tests for the toolchain itself: the solc stand-in, the Vm interface, the
/// assertion helpers, fuzzing, invariants and OpenZeppelin remapping.
contract ToolchainToken is ERC20 {
    error ToolchainToken_Denied(address caller);

    event Poked(address indexed by, uint256 value);

    constructor() ERC20("Toolchain", "TC") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function poke(uint256 value) external {
        // INVARIANT: Nobody may poke with zero.
        if (value == 0) revert ToolchainToken_Denied(msg.sender);
        emit Poked(msg.sender, value);
    }
}

contract ToolchainHandler {
    ToolchainToken public immutable token;
    uint256 public minted;

    constructor(ToolchainToken t) {
        token = t;
    }

    function mint(uint256 amount) external {
        amount = amount % 1e30;
        token.mint(address(this), amount);
        minted += amount;
    }

    function burnByTransfer(uint256 amount) external {
        uint256 bal = token.balanceOf(address(this));
        if (bal == 0) return;
        token.transfer(address(0xdead), amount % (bal + 1));
    }
}

contract ToolchainTest is Test {
    ToolchainToken internal token;
    ToolchainHandler internal handler;
    address internal alice;

    function setUp() public {
        token = new ToolchainToken();
        handler = new ToolchainHandler(token);
        alice = makeAddr("alice");
        targetContract(address(handler));
    }

    function test_poke_zero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ToolchainToken.ToolchainToken_Denied.selector, alice));
        vm.prank(alice);
        token.poke(0);
    }

    function test_poke_selectorOnly_reverts() public {
        vm.expectPartialRevert(ToolchainToken.ToolchainToken_Denied.selector);
        token.poke(0);
    }

    function test_poke_emits_succeeds() public {
        vm.expectEmit(true, false, false, true, address(token));
        emit ToolchainToken.Poked(alice, 7);
        vm.prank(alice);
        token.poke(7);
    }

    function test_cheatcodes_warpRollDeal_succeeds() public {
        vm.warp(1000);
        vm.roll(42);
        vm.deal(alice, 3 ether);
        assertEq(block.timestamp, 1000);
        assertEq(block.number, 42);
        assertEq(alice.balance, 3 ether);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(1, keccak256("m"));
        assertEq(ecrecover(keccak256("m"), v, r, s), vm.addr(1));
    }

    function test_files_readFixtureDir_succeeds() public view {
        string memory root = vm.projectRoot();
        assertTrue(bytes(root).length > 0);
    }

    function testFuzz_bound_inRange_succeeds(uint256 x, uint256 lo, uint256 hi) public pure {
        if (lo > hi) (lo, hi) = (hi, lo);
        uint256 y = bound(x, lo, hi);
        assertGe(y, lo);
        assertLe(y, hi);
    }

    function invariant_supplyEqualsMinted() public view {
        assertEq(token.totalSupply(), handler.minted());
    }
}
