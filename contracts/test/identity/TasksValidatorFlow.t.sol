// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IdentityRegistry} from "../../src/identity/IdentityRegistry.sol";
import {ValidationRegistry} from "../../src/identity/ValidationRegistry.sol";
import {IValidationRegistry} from "../../src/identity/interfaces/IValidationRegistry.sol";
import {ToyTasks} from "./mocks/ToyTasks.sol";

/// @notice The ERC-8004 side of a Vouch task, end to end with a toy Tasks contract as validator:
/// the interfaces and rules docs/erc8004.md proposes for the real one.
contract TasksValidatorFlowTest is Test {
    IdentityRegistry internal identity;
    ValidationRegistry internal validation;
    ToyTasks internal tasks;
    address internal worker;
    address internal rival;
    uint256 internal workerAgent;
    uint256 internal rivalAgent;

    uint256 internal constant TASK = 7;
    bytes32 internal constant SALT = keccak256("worker salt");
    bytes32 internal constant COMMITMENT = keccak256("output hash || trace root");

    function setUp() public {
        identity = new IdentityRegistry();
        validation = new ValidationRegistry(address(identity));
        tasks = new ToyTasks(identity, validation);
        worker = makeAddr("worker");
        rival = makeAddr("rival");
        vm.prank(worker);
        workerAgent = identity.register("ipfs://worker");
        vm.prank(rival);
        rivalAgent = identity.register("ipfs://rival");
    }

    function _requestAndClaim() internal returns (bytes32 requestHash) {
        requestHash = tasks.requestHashFor(TASK, workerAgent, SALT);
        vm.startPrank(worker);
        validation.validationRequest(address(tasks), workerAgent, "ipfs://claim-7", requestHash);
        tasks.claim(TASK, workerAgent, SALT, COMMITMENT);
        vm.stopPrank();
    }

    function test_settle_finalResult_posts100_succeeds() public {
        bytes32 requestHash = _requestAndClaim();
        tasks.settle(TASK, true, "vouch:optimistic");
        (address validator, uint256 agentId, uint8 response, bytes32 responseHash, string memory tag,) =
            validation.getValidationStatus(requestHash);
        assertEq(validator, address(tasks));
        assertEq(agentId, workerAgent);
        assertEq(uint256(response), 100);
        assertEq(responseHash, COMMITMENT);
        assertEq(tag, "vouch:optimistic");
        address[] memory trusted = new address[](1);
        trusted[0] = address(tasks);
        (uint64 count, uint8 avg) = validation.getSummary(workerAgent, trusted, "vouch:optimistic");
        assertEq(uint256(count), 1);
        assertEq(uint256(avg), 100);
    }

    function test_settle_provenWrong_posts0_succeeds() public {
        bytes32 requestHash = _requestAndClaim();
        tasks.settle(TASK, false, "vouch:quorum");
        (,, uint8 response,, string memory tag,) = validation.getValidationStatus(requestHash);
        assertEq(uint256(response), 0);
        assertEq(tag, "vouch:quorum");
        (, bool answered) = validation.getRequestState(requestHash);
        assertTrue(answered);
    }

    function test_settle_noRequest_skipsPublishing_succeeds() public {
        vm.prank(worker);
        tasks.claim(TASK, workerAgent, SALT, COMMITMENT);
        vm.expectEmit(true, true, false, true, address(tasks));
        emit ToyTasks.ClaimSettled(TASK, workerAgent, true, false);
        tasks.settle(TASK, true, "vouch:optimistic");
        assertEq(validation.getValidatorRequests(address(tasks)).length, 0);
    }

    function test_settle_frontRunRequestByRival_isIgnored_succeeds() public {
        // The rival copies the worker's request hash under its own agent before the worker.
        bytes32 requestHash = tasks.requestHashFor(TASK, workerAgent, SALT);
        vm.prank(rival);
        validation.validationRequest(address(tasks), rivalAgent, "ipfs://stolen", requestHash);
        vm.expectRevert(
            abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_RequestExists.selector, requestHash)
        );
        vm.prank(worker);
        validation.validationRequest(address(tasks), workerAgent, "ipfs://claim-7", requestHash);
        vm.prank(worker);
        tasks.claim(TASK, workerAgent, SALT, COMMITMENT);

        tasks.settle(TASK, true, "vouch:optimistic");
        // The rival's request stays unanswered: it never gets credit for the worker's result.
        (, bool answered) = validation.getRequestState(requestHash);
        assertFalse(answered);
        (uint64 count,) = validation.getSummary(rivalAgent, new address[](0), "");
        assertEq(uint256(count), 0);
    }

    function test_claim_notAgentManager_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ToyTasks.ToyTasks_NotAgentManager.selector, workerAgent, rival));
        vm.prank(rival);
        tasks.claim(TASK, workerAgent, SALT, COMMITMENT);
    }
}
