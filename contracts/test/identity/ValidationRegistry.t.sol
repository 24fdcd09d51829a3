// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IdentityRegistry} from "../../src/identity/IdentityRegistry.sol";
import {ValidationRegistry} from "../../src/identity/ValidationRegistry.sol";
import {IValidationRegistry} from "../../src/identity/interfaces/IValidationRegistry.sol";

contract ValidationRegistryTest is Test {
    IdentityRegistry internal identity;
    ValidationRegistry internal validation;
    address internal owner;
    address internal stranger;
    /// @dev Stands in for Vouch's Tasks contract, the validator of Vouch work.
    address internal tasks;
    address internal otherValidator;
    uint256 internal agentId;

    bytes32 internal constant REQUEST = keccak256("vouch task 1: model, input commitment, claim");

    function setUp() public {
        identity = new IdentityRegistry();
        validation = new ValidationRegistry(address(identity));
        owner = makeAddr("owner");
        stranger = makeAddr("stranger");
        tasks = makeAddr("tasks");
        otherValidator = makeAddr("otherValidator");
        vm.prank(owner);
        agentId = identity.register("ipfs://agent");
        vm.warp(1_700_000_000);
    }

    // ------------------------------------------------------------------ helpers

    function _request(bytes32 requestHash, address validator) internal {
        vm.prank(owner);
        validation.validationRequest(validator, agentId, "vouch://task/1", requestHash);
    }

    function _respond(bytes32 requestHash, address validator, uint8 response, string memory tag) internal {
        vm.prank(validator);
        validation.validationResponse(requestHash, response, "", bytes32(0), tag);
    }

    function _list(address a) internal pure returns (address[] memory l) {
        l = new address[](1);
        l[0] = a;
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_zeroIdentityRegistry_reverts() public {
        vm.expectRevert(IValidationRegistry.ValidationRegistry_ZeroIdentityRegistry.selector);
        new ValidationRegistry(address(0));
    }

    function test_getIdentityRegistry_returnsConstructorArgument_succeeds() public view {
        assertEq(validation.getIdentityRegistry(), address(identity));
    }

    // ------------------------------------------------------------------ validationRequest

    function test_validationRequest_owner_succeeds() public {
        vm.expectEmit(true, true, true, true, address(validation));
        emit IValidationRegistry.ValidationRequest(tasks, agentId, "vouch://task/1", REQUEST);
        _request(REQUEST, tasks);

        (address validator, uint256 id, uint8 response, bytes32 responseHash, string memory tag, uint256 lastUpdate) =
            validation.getValidationStatus(REQUEST);
        assertEq(validator, tasks);
        assertEq(id, agentId);
        assertEq(uint256(response), 0);
        assertEq(responseHash, bytes32(0));
        assertEq(tag, "");
        assertEq(lastUpdate, block.timestamp);
        (bool exists, bool answered) = validation.getRequestState(REQUEST);
        assertTrue(exists);
        assertFalse(answered);
        assertEq(validation.getAgentValidations(agentId).length, 1);
        assertEq(validation.getAgentValidations(agentId)[0], REQUEST);
        assertEq(validation.getValidatorRequests(tasks)[0], REQUEST);
    }

    function test_validationRequest_operator_succeeds() public {
        vm.prank(owner);
        identity.setApprovalForAll(stranger, true);
        vm.prank(stranger);
        validation.validationRequest(tasks, agentId, "ipfs://req", REQUEST);
        (address validator,,,,,) = validation.getValidationStatus(REQUEST);
        assertEq(validator, tasks);
    }

    function test_validationRequest_approved_succeeds() public {
        vm.prank(owner);
        identity.approve(stranger, agentId);
        vm.prank(stranger);
        validation.validationRequest(tasks, agentId, "ipfs://req", REQUEST);
        (bool exists,) = validation.getRequestState(REQUEST);
        assertTrue(exists);
    }

    function test_validationRequest_unauthorized_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_NotAgentOperator.selector, agentId, stranger)
        );
        vm.prank(stranger);
        validation.validationRequest(tasks, agentId, "ipfs://req", REQUEST);
    }

    function test_validationRequest_unknownAgent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_AgentNotFound.selector, 99));
        vm.prank(owner);
        validation.validationRequest(tasks, 99, "ipfs://req", REQUEST);
    }

    function test_validationRequest_zeroValidator_reverts() public {
        vm.expectRevert(IValidationRegistry.ValidationRegistry_ZeroValidator.selector);
        _request(REQUEST, address(0));
    }

    function test_validationRequest_zeroHash_reverts() public {
        vm.expectRevert(IValidationRegistry.ValidationRegistry_ZeroRequestHash.selector);
        _request(bytes32(0), tasks);
    }

    function test_validationRequest_emptyURI_reverts() public {
        vm.expectRevert(IValidationRegistry.ValidationRegistry_EmptyRequestURI.selector);
        vm.prank(owner);
        validation.validationRequest(tasks, agentId, "", REQUEST);
    }

    function test_validationRequest_duplicateHash_reverts() public {
        _request(REQUEST, tasks);
        vm.expectRevert(abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_RequestExists.selector, REQUEST));
        // Even the owner cannot redirect an open request to a friendlier validator.
        _request(REQUEST, otherValidator);
    }

    // ------------------------------------------------------------------ validationResponse

    function test_validationResponse_validator_succeeds() public {
        _request(REQUEST, tasks);
        vm.warp(block.timestamp + 300);
        bytes32 evidence = keccak256("finalized claim");
        vm.expectEmit(true, true, true, true, address(validation));
        emit IValidationRegistry.ValidationResponse(
            tasks, agentId, REQUEST, 100, "vouch://task/1/final", evidence, "vouch:optimistic"
        );
        vm.prank(tasks);
        validation.validationResponse(REQUEST, 100, "vouch://task/1/final", evidence, "vouch:optimistic");

        (, uint256 id, uint8 response, bytes32 responseHash, string memory tag, uint256 lastUpdate) =
            validation.getValidationStatus(REQUEST);
        assertEq(id, agentId);
        assertEq(uint256(response), 100);
        assertEq(responseHash, evidence);
        assertEq(tag, "vouch:optimistic");
        assertEq(lastUpdate, block.timestamp);
        (, bool answered) = validation.getRequestState(REQUEST);
        assertTrue(answered);
    }

    function test_validationResponse_zero_succeeds() public {
        _request(REQUEST, tasks);
        _respond(REQUEST, tasks, 0, "vouch:quorum");
        (,, uint8 response,,,) = validation.getValidationStatus(REQUEST);
        assertEq(uint256(response), 0);
        (, bool answered) = validation.getRequestState(REQUEST);
        assertTrue(answered);
    }

    function test_validationResponse_updatedLater_succeeds() public {
        // A soft answer first, then the final one: the latest answer wins.
        _request(REQUEST, tasks);
        _respond(REQUEST, tasks, 100, "vouch:optimistic");
        vm.warp(block.timestamp + 60);
        _respond(REQUEST, tasks, 0, "vouch:sampled");
        (,, uint8 response,, string memory tag, uint256 lastUpdate) = validation.getValidationStatus(REQUEST);
        assertEq(uint256(response), 0);
        assertEq(tag, "vouch:sampled");
        assertEq(lastUpdate, block.timestamp);
    }

    function test_validationResponse_notValidator_reverts() public {
        _request(REQUEST, tasks);
        vm.expectRevert(
            abi.encodeWithSelector(
                IValidationRegistry.ValidationRegistry_NotValidator.selector, REQUEST, owner, tasks
            )
        );
        // The agent's owner cannot grade its own work.
        _respond(REQUEST, owner, 100, "");
    }

    function test_validationResponse_above100_reverts() public {
        _request(REQUEST, tasks);
        vm.expectRevert(
            abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_ResponseOutOfRange.selector, 101, 100)
        );
        _respond(REQUEST, tasks, 101, "");
    }

    function test_validationResponse_unknownRequest_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_RequestNotFound.selector, REQUEST));
        _respond(REQUEST, tasks, 100, "");
    }

    function testFuzz_validationResponse_range_succeeds(uint8 response) public {
        _request(REQUEST, tasks);
        if (response > 100) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IValidationRegistry.ValidationRegistry_ResponseOutOfRange.selector, response, 100
                )
            );
        }
        _respond(REQUEST, tasks, response, "");
        if (response <= 100) {
            (,, uint8 stored,,,) = validation.getValidationStatus(REQUEST);
            assertEq(uint256(stored), response);
        }
    }

    // ------------------------------------------------------------------ reads

    function test_getValidationStatus_unknownRequest_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IValidationRegistry.ValidationRegistry_RequestNotFound.selector, REQUEST));
        validation.getValidationStatus(REQUEST);
    }

    function test_getRequestState_unknown_succeeds() public view {
        (bool exists, bool answered) = validation.getRequestState(REQUEST);
        assertFalse(exists);
        assertFalse(answered);
    }

    function test_getSummary_validatorAndTagFilters_succeeds() public {
        bytes32 r1 = keccak256("r1");
        bytes32 r2 = keccak256("r2");
        bytes32 r3 = keccak256("r3");
        bytes32 r4 = keccak256("r4");
        _request(r1, tasks);
        _request(r2, tasks);
        _request(r3, otherValidator);
        _request(r4, tasks); // never answered: not counted
        _respond(r1, tasks, 100, "vouch:optimistic");
        _respond(r2, tasks, 0, "vouch:quorum");
        _respond(r3, otherValidator, 75, "tee");

        (uint64 count, uint8 avg) = validation.getSummary(agentId, new address[](0), "");
        assertEq(uint256(count), 3);
        assertEq(uint256(avg), 58); // 175 / 3
        (count, avg) = validation.getSummary(agentId, _list(tasks), "");
        assertEq(uint256(count), 2);
        assertEq(uint256(avg), 50);
        (count, avg) = validation.getSummary(agentId, _list(tasks), "vouch:optimistic");
        assertEq(uint256(count), 1);
        assertEq(uint256(avg), 100);
        (count, avg) = validation.getSummary(agentId, new address[](0), "tee");
        assertEq(uint256(count), 1);
        assertEq(uint256(avg), 75);
        (count, avg) = validation.getSummary(agentId, _list(stranger), "");
        assertEq(uint256(count), 0);
        assertEq(uint256(avg), 0);
    }

    function test_getAgentValidations_andValidatorRequests_succeeds() public {
        vm.prank(stranger);
        uint256 otherAgent = identity.register("ipfs://other");
        _request(keccak256("a"), tasks);
        vm.prank(stranger);
        validation.validationRequest(tasks, otherAgent, "ipfs://b", keccak256("b"));
        _request(keccak256("c"), otherValidator);

        bytes32[] memory mine = validation.getAgentValidations(agentId);
        assertEq(mine.length, 2);
        assertEq(mine[0], keccak256("a"));
        assertEq(mine[1], keccak256("c"));
        bytes32[] memory forTasks = validation.getValidatorRequests(tasks);
        assertEq(forTasks.length, 2);
        assertEq(forTasks[1], keccak256("b"));
        assertEq(validation.getAgentValidations(otherAgent).length, 1);
        assertEq(validation.getValidatorRequests(stranger).length, 0);
    }

    /// @dev The average over answered requests equals the truncated mean of the responses.
    function testFuzz_getSummary_mean_succeeds(uint8[6] memory responses, uint8 answeredMask) public {
        uint256 sum = 0;
        uint256 n = 0;
        for (uint256 i = 0; i < 6; ++i) {
            bytes32 h = keccak256(abi.encode("request", i));
            _request(h, tasks);
            if ((answeredMask >> i) & 1 == 0) continue;
            uint8 r = uint8(bound(responses[i], 0, 100));
            _respond(h, tasks, r, "vouch:sampled");
            sum += r;
            ++n;
        }
        (uint64 count, uint8 avg) = validation.getSummary(agentId, _list(tasks), "vouch:sampled");
        assertEq(uint256(count), n);
        assertEq(uint256(avg), n == 0 ? 0 : sum / n);
    }
}
