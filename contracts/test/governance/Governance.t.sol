// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {VouchToken} from "../../src/token/VouchToken.sol";
import {ProtocolParams} from "../../src/governance/ProtocolParams.sol";
import {ParamsOutOfRange} from "../../src/governance/IProtocolParams.sol";
import {VouchGovernor} from "../../src/governance/VouchGovernor.sol";
import {StakeManager} from "../../src/stake/StakeManager.sol";
import {defaultParams} from "./ProtocolParams.t.sol";

/// @dev The full governance wiring as a deployment would do it, then real proposals through
/// propose -> vote -> queue -> timelock delay -> execute.
contract GovernanceTest is Test {
    uint48 internal constant VOTING_DELAY = 1; // blocks
    uint32 internal constant VOTING_PERIOD = 50; // blocks
    uint256 internal constant PROPOSAL_THRESHOLD = 1_000_000e18; // 0.1% of supply
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant TIMELOCK_DELAY = 1 days;

    VouchToken internal token;
    TimelockController internal timelock;
    VouchGovernor internal governor;
    ProtocolParams internal params;
    StakeManager internal stake;

    address internal alice; // 10% of supply
    address internal bob; // 3% of supply: below quorum alone
    address internal treasury;

    function setUp() public {
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        treasury = makeAddr("treasury");
        vm.roll(100);
        vm.warp(1_000_000);

        token = new VouchToken(address(this));
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0): anyone may execute a ready operation
        timelock = new TimelockController(TIMELOCK_DELAY, none, anyone, address(this));
        governor = new VouchGovernor(token, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));

        params = new ProtocolParams(address(timelock), defaultParams(treasury));
        stake = new StakeManager(address(timelock), token, params);

        token.transfer(alice, 100_000_000e18);
        token.transfer(bob, 30_000_000e18);
        vm.prank(alice);
        token.delegate(alice);
        vm.prank(bob);
        token.delegate(bob);
        vm.roll(block.number + 1); // delegations are checkpointed before any proposal snapshot
    }

    function _single(address target, bytes memory data)
        internal
        pure
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](1);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        targets[0] = target;
        calldatas[0] = data;
    }

    /// @dev propose -> vote For by `voter` -> end of vote -> queue. Returns the proposal id.
    function _proposeVoteQueue(
        address voter,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) internal returns (uint256 id) {
        vm.prank(alice);
        id = governor.propose(targets, values, calldatas, description);
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Pending));

        vm.roll(block.number + VOTING_DELAY + 1);
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Active));
        vm.prank(voter);
        governor.castVote(id, 1); // For
        vm.roll(block.number + VOTING_PERIOD);
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Succeeded));

        governor.queue(targets, values, calldatas, keccak256(bytes(description)));
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Queued));
    }

    // ---------------------------------------------------------------- wiring

    function test_setUp_timelockOwnsEverything_succeeds() public view {
        assertEq(params.owner(), address(timelock));
        assertEq(stake.owner(), address(timelock));
        assertEq(governor.timelock(), address(timelock));
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)), "deployer renounced admin");
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)), "timelock self-administers");
        assertEq(governor.votingDelay(), VOTING_DELAY);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(governor.quorum(block.number - 1), token.totalSupply() * QUORUM_PERCENT / 100);
    }

    // ---------------------------------------------------------------- end to end

    function test_propose_changesChallengeWindowEndToEnd_succeeds() public {
        (address[] memory t, uint256[] memory v, bytes[] memory c) =
            _single(address(params), abi.encodeCall(ProtocolParams.setChallengeWindow, (30 minutes)));
        string memory description = "VIP-1: challenge window 10 -> 30 minutes";
        uint256 id = _proposeVoteQueue(alice, t, v, c, description);

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(t, v, c, keccak256(bytes(description)));

        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Executed));
        assertEq(uint256(params.challengeWindow()), 30 minutes);
        assertEq(uint256(params.params().challengeWindow), 30 minutes);
    }

    function test_propose_batchAuthorizesGameAndSetsStake_succeeds() public {
        address tasks = makeAddr("tasks");
        address[] memory t = new address[](2);
        uint256[] memory v = new uint256[](2);
        bytes[] memory c = new bytes[](2);
        t[0] = address(stake);
        c[0] = abi.encodeCall(StakeManager.setGame, (tasks, true));
        t[1] = address(params);
        c[1] = abi.encodeCall(ProtocolParams.setMinStake, (500e18));
        string memory description = "VIP-2: authorize Tasks, min stake 500";
        _proposeVoteQueue(alice, t, v, c, description);

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(t, v, c, keccak256(bytes(description)));
        assertTrue(stake.isGame(tasks));
        assertEq(uint256(params.minStake()), 500e18);
    }

    function test_execute_beforeTimelockDelay_reverts() public {
        (address[] memory t, uint256[] memory v, bytes[] memory c) =
            _single(address(params), abi.encodeCall(ProtocolParams.setChallengeWindow, (30 minutes)));
        string memory description = "VIP-3: too early";
        _proposeVoteQueue(alice, t, v, c, description);

        vm.warp(block.timestamp + TIMELOCK_DELAY - 1);
        vm.expectPartialRevert(TimelockController.TimelockUnexpectedOperationState.selector);
        governor.execute(t, v, c, keccak256(bytes(description)));
        assertEq(uint256(params.challengeWindow()), 10 minutes);
    }

    function test_execute_outOfRangeValue_reverts() public {
        // Governance passes a value outside the coded bounds: execution fails with the
        // parameter's own error and nothing changes.
        (address[] memory t, uint256[] memory v, bytes[] memory c) =
            _single(address(params), abi.encodeCall(ProtocolParams.setSlashTreasuryBps, (9_000)));
        string memory description = "VIP-4: treasury takes 90%";
        _proposeVoteQueue(alice, t, v, c, description);

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(ParamsOutOfRange.selector, bytes32("slashTreasuryBps"), 9_000, 0, 5_000)
        );
        governor.execute(t, v, c, keccak256(bytes(description)));
        assertEq(uint256(params.slashTreasuryBps()), 1_000);
    }

    function test_queue_belowQuorum_reverts() public {
        (address[] memory t, uint256[] memory v, bytes[] memory c) =
            _single(address(params), abi.encodeCall(ProtocolParams.setChallengeWindow, (30 minutes)));
        string memory description = "VIP-5: only bob votes";
        vm.prank(alice);
        uint256 id = governor.propose(t, v, c, description);
        vm.roll(block.number + VOTING_DELAY + 1);
        vm.prank(bob); // 3% < 4% quorum
        governor.castVote(id, 1);
        vm.roll(block.number + VOTING_PERIOD);
        assertEq(uint256(governor.state(id)), uint256(IGovernor.ProposalState.Defeated));

        vm.expectPartialRevert(IGovernor.GovernorUnexpectedProposalState.selector);
        governor.queue(t, v, c, keccak256(bytes(description)));
    }

    function test_propose_belowThreshold_reverts() public {
        address carol = makeAddr("carol");
        token.transfer(carol, PROPOSAL_THRESHOLD - 1);
        vm.prank(carol);
        token.delegate(carol);
        vm.roll(block.number + 1);

        (address[] memory t, uint256[] memory v, bytes[] memory c) =
            _single(address(params), abi.encodeCall(ProtocolParams.setChallengeWindow, (30 minutes)));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, carol, PROPOSAL_THRESHOLD - 1, PROPOSAL_THRESHOLD
            )
        );
        vm.prank(carol);
        governor.propose(t, v, c, "VIP-6: carol");
    }

    // ---------------------------------------------------------------- only the timelock

    function test_setChallengeWindow_notTimelock_reverts() public {
        address[3] memory callers = [address(this), alice, address(governor)];
        for (uint256 i; i < callers.length; i++) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, callers[i]));
            vm.prank(callers[i]);
            params.setChallengeWindow(30 minutes);
        }
        assertEq(uint256(params.challengeWindow()), 10 minutes);
    }

    function test_setGame_notTimelock_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(governor)));
        vm.prank(address(governor));
        stake.setGame(alice, true);
        assertFalse(stake.isGame(alice));
    }

    function test_schedule_bypassingGovernor_reverts() public {
        // The deployer renounced the timelock admin and was never a proposer.
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), timelock.PROPOSER_ROLE()
            )
        );
        timelock.schedule(
            address(params),
            0,
            abi.encodeCall(ProtocolParams.setChallengeWindow, (30 minutes)),
            bytes32(0),
            bytes32(0),
            TIMELOCK_DELAY
        );
    }
}
