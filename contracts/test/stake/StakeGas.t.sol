// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {VouchToken} from "../../src/token/VouchToken.sol";
import {ProtocolParams} from "../../src/governance/ProtocolParams.sol";
import {StakeManager} from "../../src/stake/StakeManager.sol";
import {defaultParams} from "../governance/ProtocolParams.t.sol";

/// @notice One fixed stake lifecycle for `forge test --gas-report --isolate --match-contract
/// StakeGasTest` (docs/gas.md): every StakeManager function is called the same way on every
/// run, once in its expensive form (first write to zero slots) and once in its cheap form
/// (slots already non-zero), so the report's Max and Min are those two cases.
contract StakeGasTest is Test {
    VouchToken internal token;
    ProtocolParams internal params;
    StakeManager internal stake;
    address internal game;
    address internal agent;
    address internal challenger;
    address internal treasury;

    function setUp() public {
        game = makeAddr("game");
        agent = makeAddr("agent");
        challenger = makeAddr("challenger");
        treasury = makeAddr("treasury");
        token = new VouchToken(address(this));
        params = new ProtocolParams(address(this), defaultParams(treasury));
        stake = new StakeManager(address(this), token, params);
        stake.setGame(game, true);
        token.transfer(agent, 10_000e18);
        vm.prank(agent);
        token.approve(address(stake), type(uint256).max);
    }

    function test_gas_stakeLifecycle_succeeds() public {
        // bond: first (bonded 0 -> x), then a top-up (x -> y)
        vm.prank(agent);
        stake.bond(1_000e18);
        vm.prank(agent);
        stake.bond(1_000e18);

        // lockStake: first lock of the agent (locked 0 -> x), then a second claim (x -> y)
        vm.prank(game);
        stake.lockStake(agent, bytes32(uint256(1)), 100e18);
        vm.prank(game);
        stake.lockStake(agent, bytes32(uint256(2)), 100e18);
        vm.prank(game);
        stake.lockStake(agent, bytes32(uint256(3)), 100e18);

        // unlock: the claim finalized unchallenged
        vm.prank(game);
        stake.unlock(bytes32(uint256(1)));

        // slash: first credits for winner and treasury (0 -> x), then both already credited
        vm.prank(game);
        stake.slash(bytes32(uint256(2)), 100e18, challenger, 1_000);
        vm.prank(game);
        stake.slash(bytes32(uint256(3)), 100e18, challenger, 1_000);

        // pooled: a first claim (pool 0 -> x), a second (x -> y) and a third, one released,
        // one slashed, the last released (pool -> 0)
        vm.startPrank(game);
        stake.lockPooled(agent, 100e18);
        stake.lockPooled(agent, 100e18);
        stake.lockPooled(agent, 100e18);
        stake.unlockPooled(agent, 100e18);
        stake.slashPooled(agent, 100e18, challenger, 1_000);
        stake.unlockPooled(agent, 100e18);
        vm.stopPrank();

        // withdraw: credits only (the challenger), then a matured unbond (the agent)
        vm.prank(challenger);
        stake.withdraw();
        vm.prank(agent);
        stake.requestUnbond(500e18);
        vm.warp(block.timestamp + params.unbondingDelay());
        vm.prank(agent);
        stake.withdraw();

        assertEq(token.balanceOf(challenger), 270e18);
        assertEq(stake.creditsOf(treasury), 30e18);
    }
}
