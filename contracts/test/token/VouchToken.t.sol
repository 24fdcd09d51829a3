// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {VouchToken, TokenZeroHolder} from "../../src/token/VouchToken.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

contract VouchTokenTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    VouchToken internal token;
    address internal holder;
    uint256 internal aliceKey = 0xA11CE;
    address internal alice;
    address internal bob;

    function setUp() public {
        holder = makeAddr("holder");
        alice = vm.addr(aliceKey);
        bob = makeAddr("bob");
        token = new VouchToken(holder);
    }

    function test_constructor_mintsFixedSupplyToHolder_succeeds() public view {
        assertEq(token.totalSupply(), 1_000_000_000e18);
        assertEq(token.totalSupply(), token.INITIAL_SUPPLY());
        assertEq(token.balanceOf(holder), token.INITIAL_SUPPLY());
        assertEq(token.name(), "Vouch");
        assertEq(token.symbol(), "VOUCH");
        assertEq(uint256(token.decimals()), 18);
    }

    function test_constructor_zeroHolder_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TokenZeroHolder.selector));
        new VouchToken(address(0));
    }

    function test_mint_noSuchFunction_reverts() public {
        // The supply is fixed: there is no mint entry point to call.
        (bool ok,) = address(token).call(abi.encodeWithSignature("mint(address,uint256)", alice, 1));
        assertFalse(ok);
        assertEq(token.totalSupply(), token.INITIAL_SUPPLY());
    }

    function test_delegate_checkpointsVotes_succeeds() public {
        vm.roll(10);
        vm.prank(holder);
        token.transfer(alice, 100e18);
        assertEq(token.getVotes(alice), 0, "no votes before delegating");

        vm.prank(alice);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 100e18);

        vm.roll(11);
        vm.prank(alice);
        token.transfer(bob, 40e18);
        assertEq(token.getVotes(alice), 60e18);
        assertEq(token.getPastVotes(alice, 10), 100e18, "checkpoint at block 10 kept");
        assertEq(token.clock(), 11);
    }

    function test_permit_validSignature_succeeds() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(alice, bob, 5e18, token.nonces(alice), deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);

        token.permit(alice, bob, 5e18, deadline, v, r, s);
        assertEq(token.allowance(alice, bob), 5e18);
        assertEq(token.nonces(alice), 1);
    }

    function test_permit_expired_reverts() public {
        vm.warp(1000);
        uint256 deadline = block.timestamp - 1;
        bytes32 digest = _permitDigest(alice, bob, 5e18, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(alice, bob, 5e18, deadline, v, r, s);
    }

    function test_permit_replay_reverts() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(alice, bob, 5e18, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        token.permit(alice, bob, 5e18, deadline, v, r, s);

        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        token.permit(alice, bob, 5e18, deadline, v, r, s);
    }

    function testFuzz_transfer_conservesSupplyAndVotes_succeeds(uint256 amount, uint256 back) public {
        amount = bound(amount, 0, token.INITIAL_SUPPLY());
        vm.prank(holder);
        token.delegate(holder);
        vm.prank(bob);
        token.delegate(bob);

        vm.prank(holder);
        token.transfer(bob, amount);
        back = bound(back, 0, amount);
        vm.prank(bob);
        token.transfer(holder, back);

        assertEq(token.balanceOf(holder) + token.balanceOf(bob), token.totalSupply());
        assertEq(token.getVotes(holder) + token.getVotes(bob), token.totalSupply());
        assertEq(token.getVotes(bob), amount - back);
    }

    function _permitDigest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }
}
