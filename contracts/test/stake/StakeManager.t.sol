// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {VouchToken} from "../../src/token/VouchToken.sol";
import {ProtocolParams} from "../../src/governance/ProtocolParams.sol";
import {IProtocolParams, Params} from "../../src/governance/IProtocolParams.sol";
import {StakeManager} from "../../src/stake/StakeManager.sol";
import {
    IStakeManager,
    StakeZeroAmount,
    StakeZeroAddress,
    StakeInsufficientFree,
    StakeNothingToWithdraw,
    StakeNotGame,
    StakeLockExists,
    StakeLockNotFound,
    StakeSlashExceedsLock,
    StakeBpsTooLarge,
    StakeGameStillAuthorized,
    StakePoolInsufficient
} from "../../src/stake/IStakeManager.sol";
import {defaultParams} from "../governance/ProtocolParams.t.sol";

contract StakeManagerTest is Test {
    VouchToken internal token;
    ProtocolParams internal params;
    StakeManager internal stake;

    address internal admin; // stands in for the timelock
    address internal treasury;
    address internal game;
    address internal otherGame;
    address internal agent;
    address internal challenger;

    bytes32 internal constant KEY = keccak256("task-1");
    uint256 internal constant DELAY = 1 days;
    uint256 internal constant AGENT_FUNDS = 1_000_000e18;

    function setUp() public {
        admin = makeAddr("admin");
        treasury = makeAddr("treasury");
        game = makeAddr("game");
        otherGame = makeAddr("otherGame");
        agent = makeAddr("agent");
        challenger = makeAddr("challenger");

        token = new VouchToken(address(this));
        params = new ProtocolParams(admin, defaultParams(treasury));
        stake = new StakeManager(admin, token, params);
        vm.startPrank(admin);
        stake.setGame(game, true);
        stake.setGame(otherGame, true);
        vm.stopPrank();

        token.transfer(agent, AGENT_FUNDS);
        vm.prank(agent);
        token.approve(address(stake), type(uint256).max);
    }

    function _bond(uint256 amount) internal {
        vm.prank(agent);
        stake.bond(amount);
    }

    function _lock(bytes32 key, uint256 amount) internal {
        vm.prank(game);
        stake.lockStake(agent, key, amount);
    }

    // ================================================================ constructor / admin

    function test_constructor_zeroToken_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAddress.selector));
        new StakeManager(admin, IERC20(address(0)), params);
    }

    function test_constructor_zeroParams_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAddress.selector));
        new StakeManager(admin, token, IProtocolParams(address(0)));
    }

    function test_constructor_wiring_succeeds() public view {
        assertEq(address(stake.token()), address(token));
        assertEq(address(stake.protocolParams()), address(params));
        assertEq(stake.owner(), admin);
        assertTrue(stake.isGame(game));
    }

    function test_setGame_authorizeAndRevoke_succeeds() public {
        address g = makeAddr("new game");
        vm.expectEmit(true, false, false, false, address(stake));
        emit IStakeManager.GameAuthorized(g);
        vm.prank(admin);
        stake.setGame(g, true);
        assertTrue(stake.isGame(g));

        vm.expectEmit(true, false, false, false, address(stake));
        emit IStakeManager.GameDeauthorized(g);
        vm.prank(admin);
        stake.setGame(g, false);
        assertFalse(stake.isGame(g));
    }

    function test_setGame_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, game));
        vm.prank(game);
        stake.setGame(game, true);
    }

    function test_setGame_zero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAddress.selector));
        vm.prank(admin);
        stake.setGame(address(0), true);
    }

    // ================================================================ bond

    function test_bond_transfersAndCredits_succeeds() public {
        vm.expectEmit(true, false, false, true, address(stake));
        emit IStakeManager.Bonded(agent, 300e18);
        _bond(300e18);
        assertEq(stake.bondedOf(agent), 300e18);
        assertEq(stake.freeOf(agent), 300e18);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(token.balanceOf(address(stake)), 300e18);
        assertEq(token.balanceOf(agent), AGENT_FUNDS - 300e18);
    }

    function test_bond_zero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        _bond(0);
    }

    function test_bond_withoutAllowance_reverts() public {
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(stake), 0, 1e18)
        );
        stake.bond(1e18);
    }

    function test_bond_afterPermit_succeeds() public {
        uint256 key = 0xB0B;
        address signer = vm.addr(key);
        token.transfer(signer, 10e18);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                signer,
                address(stake),
                10e18,
                0,
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        token.permit(signer, address(stake), 10e18, deadline, v, r, s);

        vm.prank(signer);
        stake.bond(10e18);
        assertEq(stake.bondedOf(signer), 10e18);
    }

    // ================================================================ unbond / withdraw

    function test_requestUnbond_movesFreeToPending_succeeds() public {
        _bond(300e18);
        vm.warp(1000);
        vm.expectEmit(true, false, false, true, address(stake));
        emit IStakeManager.UnbondRequested(agent, 100e18, 100e18, 1000 + DELAY);
        vm.prank(agent);
        stake.requestUnbond(100e18);

        assertEq(stake.bondedOf(agent), 200e18);
        (uint256 pending, uint256 readyAt) = stake.pendingUnbondOf(agent);
        assertEq(pending, 100e18);
        assertEq(readyAt, 1000 + DELAY);
    }

    function test_requestUnbond_zero_reverts() public {
        _bond(1e18);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        vm.prank(agent);
        stake.requestUnbond(0);
    }

    function test_requestUnbond_lockedStake_reverts() public {
        _bond(300e18);
        _lock(KEY, 250e18);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, 100e18, 50e18));
        vm.prank(agent);
        stake.requestUnbond(100e18);
    }

    function test_requestUnbond_secondRequestRestartsDelay_succeeds() public {
        _bond(300e18);
        vm.warp(1000);
        vm.prank(agent);
        stake.requestUnbond(100e18);
        vm.warp(5000);
        vm.prank(agent);
        stake.requestUnbond(50e18);
        (uint256 pending, uint256 readyAt) = stake.pendingUnbondOf(agent);
        assertEq(pending, 150e18);
        assertEq(readyAt, 5000 + DELAY);
    }

    function test_requestUnbond_shorterDelayNeverAdvancesReadyAt_succeeds() public {
        _bond(300e18);
        vm.warp(1000);
        vm.prank(admin);
        params.setUnbondingDelay(30 days);
        vm.prank(agent);
        stake.requestUnbond(100e18);

        vm.prank(admin);
        params.setUnbondingDelay(1 hours);
        vm.prank(agent);
        stake.requestUnbond(1e18);
        (, uint256 readyAt) = stake.pendingUnbondOf(agent);
        assertEq(readyAt, 1000 + 30 days, "an older request's ready time is kept");
    }

    function test_withdraw_beforeDelay_reverts() public {
        _bond(300e18);
        vm.warp(1000);
        vm.prank(agent);
        stake.requestUnbond(100e18);
        vm.warp(1000 + DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(StakeNothingToWithdraw.selector, agent, 100e18, 1000 + DELAY));
        vm.prank(agent);
        stake.withdraw();
    }

    function test_withdraw_afterDelay_succeeds() public {
        _bond(300e18);
        vm.warp(1000);
        vm.prank(agent);
        stake.requestUnbond(100e18);
        vm.warp(1000 + DELAY);

        vm.expectEmit(true, false, false, true, address(stake));
        emit IStakeManager.Withdrawn(agent, 0, 100e18);
        vm.prank(agent);
        uint256 paid = stake.withdraw();
        assertEq(paid, 100e18);
        assertEq(token.balanceOf(agent), AGENT_FUNDS - 200e18);
        (uint256 pending, uint256 readyAt) = stake.pendingUnbondOf(agent);
        assertEq(pending, 0);
        assertEq(readyAt, 0);
        assertEq(stake.bondedOf(agent), 200e18);
    }

    function test_withdraw_twice_reverts() public {
        _bond(300e18);
        vm.prank(agent);
        stake.requestUnbond(100e18);
        vm.warp(block.timestamp + DELAY);
        vm.prank(agent);
        stake.withdraw();
        vm.expectRevert(abi.encodeWithSelector(StakeNothingToWithdraw.selector, agent, 0, 0));
        vm.prank(agent);
        stake.withdraw();
    }

    function test_withdraw_nothingOwed_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(StakeNothingToWithdraw.selector, challenger, 0, 0));
        vm.prank(challenger);
        stake.withdraw();
    }

    function test_withdraw_creditsWhileUnbondPending_succeeds() public {
        // The agent won a dispute as challenger of someone else while its own unbond waits.
        address other = makeAddr("other");
        token.transfer(other, 100e18);
        vm.startPrank(other);
        token.approve(address(stake), 100e18);
        stake.bond(100e18);
        vm.stopPrank();
        vm.prank(game);
        stake.lockStake(other, KEY, 100e18);
        vm.prank(game);
        stake.slash(KEY, 100e18, agent, 0);

        _bond(10e18);
        vm.prank(agent);
        stake.requestUnbond(10e18);
        vm.prank(agent);
        uint256 paid = stake.withdraw();
        assertEq(paid, 100e18, "credits only; the unbond is not ready");
        (uint256 pending,) = stake.pendingUnbondOf(agent);
        assertEq(pending, 10e18);
        assertEq(stake.creditsOf(agent), 0);
    }

    // ================================================================ lock / unlock

    function test_lockStake_locksFreeStake_succeeds() public {
        _bond(300e18);
        vm.expectEmit(true, true, true, true, address(stake));
        emit IStakeManager.StakeLocked(game, KEY, agent, 120e18);
        _lock(KEY, 120e18);
        assertEq(stake.lockedOf(agent), 120e18);
        assertEq(stake.freeOf(agent), 180e18);
        assertEq(stake.bondedOf(agent), 300e18);
        (address a, uint256 amount) = stake.lockOf(game, KEY);
        assertEq(a, agent);
        assertEq(amount, 120e18);
    }

    function test_lockStake_notGame_reverts() public {
        _bond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeNotGame.selector, agent));
        vm.prank(agent);
        stake.lockStake(agent, KEY, 1e18);
    }

    function test_lockStake_zero_reverts() public {
        _bond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        _lock(KEY, 0);
    }

    function test_lockStake_existingKey_reverts() public {
        _bond(300e18);
        _lock(KEY, 1e18);
        vm.expectRevert(abi.encodeWithSelector(StakeLockExists.selector, game, KEY));
        _lock(KEY, 1e18);
    }

    function test_lockStake_sameKeyOtherGame_succeeds() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.prank(otherGame);
        stake.lockStake(agent, KEY, 100e18);
        assertEq(stake.lockedOf(agent), 200e18);
    }

    function test_lockStake_moreThanFree_reverts() public {
        _bond(300e18);
        _lock(KEY, 200e18);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, 101e18, 100e18));
        _lock(keccak256("task-2"), 101e18);
    }

    function test_lockStake_pendingUnbondNotLockable_reverts() public {
        _bond(300e18);
        vm.prank(agent);
        stake.requestUnbond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, 1e18, 0));
        _lock(KEY, 1e18);
    }

    function test_unlock_releasesStake_succeeds() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.expectEmit(true, true, true, true, address(stake));
        emit IStakeManager.StakeUnlocked(game, KEY, agent, 120e18);
        vm.prank(game);
        uint256 amount = stake.unlock(KEY);
        assertEq(amount, 120e18);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(stake.freeOf(agent), 300e18);
        (address a, uint256 left) = stake.lockOf(game, KEY);
        assertEq(a, address(0));
        assertEq(left, 0);
    }

    function test_unlock_otherGamesKey_reverts() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.expectRevert(abi.encodeWithSelector(StakeLockNotFound.selector, otherGame, KEY));
        vm.prank(otherGame);
        stake.unlock(KEY);
    }

    function test_unlock_twice_reverts() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.prank(game);
        stake.unlock(KEY);
        vm.expectRevert(abi.encodeWithSelector(StakeLockNotFound.selector, game, KEY));
        vm.prank(game);
        stake.unlock(KEY);
    }

    function test_unlock_byDeauthorizedGame_succeeds() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.prank(admin);
        stake.setGame(game, false);
        vm.prank(game);
        stake.unlock(KEY);
        assertEq(stake.lockedOf(agent), 0);
    }

    function test_forceUnlock_deauthorizedGame_succeeds() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.startPrank(admin);
        stake.setGame(game, false);
        uint256 amount = stake.forceUnlock(game, KEY);
        vm.stopPrank();
        assertEq(amount, 120e18);
        assertEq(stake.freeOf(agent), 300e18);
    }

    function test_forceUnlock_authorizedGame_reverts() public {
        _bond(300e18);
        _lock(KEY, 120e18);
        vm.expectRevert(abi.encodeWithSelector(StakeGameStillAuthorized.selector, game));
        vm.prank(admin);
        stake.forceUnlock(game, KEY);
    }

    function test_forceUnlock_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, agent));
        vm.prank(agent);
        stake.forceUnlock(game, KEY);
    }

    // ================================================================ slash

    function test_slash_fullLockSplitsWinnerAndTreasury_succeeds() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectEmit(true, true, true, true, address(stake));
        emit IStakeManager.StakeSlashed(game, KEY, agent, 100e18, challenger, 90e18, treasury, 10e18);
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 1_000);

        assertEq(stake.bondedOf(agent), 200e18);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(stake.creditsOf(challenger), 90e18);
        assertEq(stake.creditsOf(treasury), 10e18);

        vm.prank(challenger);
        stake.withdraw();
        vm.prank(treasury);
        stake.withdraw();
        assertEq(token.balanceOf(challenger), 90e18);
        assertEq(token.balanceOf(treasury), 10e18);
        assertEq(token.balanceOf(address(stake)), 200e18);
    }

    function test_slash_partialReleasesRest_succeeds() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.prank(game);
        stake.slash(KEY, 30e18, challenger, 0);
        assertEq(stake.bondedOf(agent), 270e18);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(stake.freeOf(agent), 270e18);
        assertEq(stake.creditsOf(challenger), 30e18);
        assertEq(stake.creditsOf(treasury), 0);
    }

    function test_slash_roundsTreasuryShareDown_succeeds() public {
        _bond(300e18);
        _lock(KEY, 3);
        vm.prank(game);
        stake.slash(KEY, 3, challenger, 5_000);
        assertEq(stake.creditsOf(treasury), 1, "3 * 0.5 rounds down");
        assertEq(stake.creditsOf(challenger), 2, "the winner gets the remainder");
    }

    function test_slash_usesCurrentTreasury_succeeds() public {
        address next = makeAddr("next treasury");
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.prank(admin);
        params.setTreasury(next);
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 1_000);
        assertEq(stake.creditsOf(next), 10e18);
        assertEq(stake.creditsOf(treasury), 0);
    }

    function test_slash_moreThanLock_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeSlashExceedsLock.selector, game, KEY, 101e18, 100e18));
        vm.prank(game);
        stake.slash(KEY, 101e18, challenger, 0);
    }

    function test_slash_notGame_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeNotGame.selector, challenger));
        vm.prank(challenger);
        stake.slash(KEY, 100e18, challenger, 0);
    }

    function test_slash_deauthorizedGame_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.prank(admin);
        stake.setGame(game, false);
        vm.expectRevert(abi.encodeWithSelector(StakeNotGame.selector, game));
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 0);
    }

    function test_slash_otherGamesLock_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeLockNotFound.selector, otherGame, KEY));
        vm.prank(otherGame);
        stake.slash(KEY, 100e18, challenger, 0);
    }

    function test_slash_zeroWinner_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAddress.selector));
        vm.prank(game);
        stake.slash(KEY, 100e18, address(0), 0);
    }

    function test_slash_bpsAboveWhole_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeBpsTooLarge.selector, 10_001));
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 10_001);
    }

    function test_slash_twice_reverts() public {
        _bond(300e18);
        _lock(KEY, 100e18);
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 0);
        vm.expectRevert(abi.encodeWithSelector(StakeLockNotFound.selector, game, KEY));
        vm.prank(game);
        stake.slash(KEY, 100e18, challenger, 0);
    }

    // ================================================================ pooled locks

    function _lockPooled(address by, uint256 amount) internal {
        vm.prank(by);
        stake.lockPooled(agent, amount);
    }

    function test_lockPooled_addsToPoolAndLocked_succeeds() public {
        _bond(300e18);
        vm.expectEmit(true, true, false, true, address(stake));
        emit IStakeManager.PooledStakeLocked(game, agent, 100e18, 100e18);
        _lockPooled(game, 100e18);
        vm.expectEmit(true, true, false, true, address(stake));
        emit IStakeManager.PooledStakeLocked(game, agent, 50e18, 150e18);
        _lockPooled(game, 50e18);
        assertEq(stake.pooledOf(game, agent), 150e18);
        assertEq(stake.lockedOf(agent), 150e18);
        assertEq(stake.freeOf(agent), 150e18);
        assertEq(stake.pooledOf(otherGame, agent), 0, "pools are per game");
    }

    function test_lockPooled_sharesFreeStakeWithKeyedLocks_reverts() public {
        _bond(300e18);
        _lock(KEY, 200e18);
        _lockPooled(game, 60e18);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, 41e18, 40e18));
        _lockPooled(otherGame, 41e18);
    }

    function test_lockPooled_notGame_reverts() public {
        _bond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeNotGame.selector, agent));
        _lockPooled(agent, 1e18);
    }

    function test_lockPooled_zero_reverts() public {
        _bond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        _lockPooled(game, 0);
    }

    function test_lockPooled_pendingUnbondNotLockable_reverts() public {
        _bond(300e18);
        vm.prank(agent);
        stake.requestUnbond(300e18);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, 1e18, 0));
        _lockPooled(game, 1e18);
    }

    function test_unlockPooled_releasesPart_succeeds() public {
        _bond(300e18);
        _lockPooled(game, 150e18);
        vm.expectEmit(true, true, false, true, address(stake));
        emit IStakeManager.PooledStakeUnlocked(game, agent, 100e18, 50e18);
        vm.prank(game);
        stake.unlockPooled(agent, 100e18);
        assertEq(stake.pooledOf(game, agent), 50e18);
        assertEq(stake.lockedOf(agent), 50e18);
        assertEq(stake.freeOf(agent), 250e18);
    }

    function test_unlockPooled_moreThanPool_reverts() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        _lockPooled(otherGame, 100e18);
        // INVARIANT under test: a game never releases stake another game locked.
        vm.expectRevert(abi.encodeWithSelector(StakePoolInsufficient.selector, game, agent, 101e18, 100e18));
        vm.prank(game);
        stake.unlockPooled(agent, 101e18);
    }

    function test_unlockPooled_zero_reverts() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        vm.prank(game);
        stake.unlockPooled(agent, 0);
    }

    function test_unlockPooled_byDeauthorizedGame_succeeds() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        vm.prank(admin);
        stake.setGame(game, false);
        vm.prank(game);
        stake.unlockPooled(agent, 100e18);
        assertEq(stake.lockedOf(agent), 0);
    }

    function test_slashPooled_splitsWinnerAndTreasury_succeeds() public {
        _bond(300e18);
        _lockPooled(game, 200e18);
        vm.expectEmit(true, true, false, true, address(stake));
        emit IStakeManager.PooledStakeSlashed(game, agent, 100e18, challenger, 90e18, treasury, 10e18);
        vm.prank(game);
        stake.slashPooled(agent, 100e18, challenger, 1_000);
        assertEq(stake.pooledOf(game, agent), 100e18, "the rest of the pool stays locked");
        assertEq(stake.lockedOf(agent), 100e18);
        assertEq(stake.bondedOf(agent), 200e18);
        assertEq(stake.creditsOf(challenger), 90e18);
        assertEq(stake.creditsOf(treasury), 10e18);
    }

    function test_slashPooled_moreThanPool_reverts() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        _lock(KEY, 100e18);
        vm.expectRevert(abi.encodeWithSelector(StakePoolInsufficient.selector, game, agent, 101e18, 100e18));
        vm.prank(game);
        stake.slashPooled(agent, 101e18, challenger, 0);
    }

    function test_slashPooled_deauthorizedGame_reverts() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        vm.prank(admin);
        stake.setGame(game, false);
        vm.expectRevert(abi.encodeWithSelector(StakeNotGame.selector, game));
        vm.prank(game);
        stake.slashPooled(agent, 100e18, challenger, 0);
    }

    function test_slashPooled_badArguments_reverts() public {
        _bond(300e18);
        _lockPooled(game, 100e18);
        vm.startPrank(game);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAddress.selector));
        stake.slashPooled(agent, 1e18, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(StakeBpsTooLarge.selector, 10_001));
        stake.slashPooled(agent, 1e18, challenger, 10_001);
        vm.expectRevert(abi.encodeWithSelector(StakeZeroAmount.selector));
        stake.slashPooled(agent, 0, challenger, 0);
        vm.stopPrank();
    }

    function test_forceUnlockPooled_deauthorizedGame_succeeds() public {
        _bond(300e18);
        _lockPooled(game, 120e18);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(StakeGameStillAuthorized.selector, game));
        stake.forceUnlockPooled(game, agent);
        stake.setGame(game, false);
        uint256 amount = stake.forceUnlockPooled(game, agent);
        vm.stopPrank();
        assertEq(amount, 120e18);
        assertEq(stake.freeOf(agent), 300e18);
        assertEq(stake.pooledOf(game, agent), 0);
    }

    function test_forceUnlockPooled_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, agent));
        vm.prank(agent);
        stake.forceUnlockPooled(game, agent);
    }

    function testFuzz_pooled_lockUnlockSlash_conservesTokens_succeeds(
        uint256 bondAmount,
        uint256 a,
        uint256 b,
        uint256 slashAmount,
        uint256 bps
    ) public {
        bondAmount = bound(bondAmount, 2, AGENT_FUNDS);
        a = bound(a, 1, bondAmount - 1);
        b = bound(b, 1, bondAmount - a);
        slashAmount = bound(slashAmount, 1, a + b);
        bps = bound(bps, 0, 10_000);
        _bond(bondAmount);
        _lockPooled(game, a);
        _lockPooled(game, b);
        vm.prank(game);
        stake.slashPooled(agent, slashAmount, challenger, bps);
        uint256 left = a + b - slashAmount;
        assertEq(stake.pooledOf(game, agent), left);
        assertEq(stake.lockedOf(agent), left);
        if (left != 0) {
            vm.prank(game);
            stake.unlockPooled(agent, left);
        }
        assertEq(stake.lockedOf(agent), 0);
        assertEq(stake.bondedOf(agent), bondAmount - slashAmount);
        assertEq(
            token.balanceOf(address(stake)),
            stake.bondedOf(agent) + stake.creditsOf(challenger) + stake.creditsOf(treasury),
            "held = owed"
        );
    }

    // ================================================================ fuzz

    function testFuzz_bondUnbondWithdraw_returnsEverything_succeeds(uint256 bondAmount, uint256 unbondAmount)
        public
    {
        bondAmount = bound(bondAmount, 1, AGENT_FUNDS);
        unbondAmount = bound(unbondAmount, 1, bondAmount);
        _bond(bondAmount);
        vm.prank(agent);
        stake.requestUnbond(unbondAmount);
        assertEq(stake.bondedOf(agent), bondAmount - unbondAmount);

        vm.warp(block.timestamp + DELAY);
        vm.prank(agent);
        assertEq(stake.withdraw(), unbondAmount);
        assertEq(token.balanceOf(agent), AGENT_FUNDS - bondAmount + unbondAmount);
        assertEq(token.balanceOf(address(stake)), bondAmount - unbondAmount);
    }

    function testFuzz_requestUnbond_aboveFree_reverts(uint256 bondAmount, uint256 lockAmount, uint256 extra) public {
        bondAmount = bound(bondAmount, 1, AGENT_FUNDS);
        lockAmount = bound(lockAmount, 1, bondAmount);
        _bond(bondAmount);
        _lock(KEY, lockAmount);
        uint256 free = bondAmount - lockAmount;
        uint256 ask = free + bound(extra, 1, 1e30);
        vm.expectRevert(abi.encodeWithSelector(StakeInsufficientFree.selector, agent, ask, free));
        vm.prank(agent);
        stake.requestUnbond(ask);
    }

    function testFuzz_lockUnlock_restoresFree_succeeds(uint256 bondAmount, uint256 a, uint256 b) public {
        bondAmount = bound(bondAmount, 2, AGENT_FUNDS);
        a = bound(a, 1, bondAmount - 1);
        b = bound(b, 1, bondAmount - a);
        _bond(bondAmount);
        _lock(KEY, a);
        vm.prank(otherGame);
        stake.lockStake(agent, KEY, b);
        assertEq(stake.lockedOf(agent), a + b);
        assertEq(stake.freeOf(agent), bondAmount - a - b);

        vm.prank(game);
        assertEq(stake.unlock(KEY), a);
        vm.prank(otherGame);
        assertEq(stake.unlock(KEY), b);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(stake.freeOf(agent), bondAmount);
    }

    function testFuzz_slash_conservesTokens_succeeds(
        uint256 bondAmount,
        uint256 lockAmount,
        uint256 slashAmount,
        uint256 bps
    ) public {
        bondAmount = bound(bondAmount, 1, AGENT_FUNDS);
        lockAmount = bound(lockAmount, 1, bondAmount);
        slashAmount = bound(slashAmount, 0, lockAmount);
        bps = bound(bps, 0, 10_000);
        _bond(bondAmount);
        _lock(KEY, lockAmount);

        vm.prank(game);
        stake.slash(KEY, slashAmount, challenger, bps);

        uint256 toTreasury = slashAmount * bps / 10_000;
        assertEq(stake.creditsOf(treasury), toTreasury);
        assertEq(stake.creditsOf(challenger), slashAmount - toTreasury);
        assertEq(stake.bondedOf(agent), bondAmount - slashAmount);
        assertEq(stake.lockedOf(agent), 0);
        assertEq(
            token.balanceOf(address(stake)),
            stake.bondedOf(agent) + stake.creditsOf(challenger) + stake.creditsOf(treasury),
            "held = owed"
        );
    }
}
