// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IdentityRegistry} from "../../src/identity/IdentityRegistry.sol";
import {ReputationRegistry} from "../../src/identity/ReputationRegistry.sol";
import {ValidationRegistry} from "../../src/identity/ValidationRegistry.sol";

/// @notice A fixed agent lifecycle with realistic argument sizes, for docs/gas.md:
/// `forge test --gas-report --match-contract IdentityGasTest`. Each registry function is called
/// the same way every run, so the report's Min/Max are "repeat" and "first-time" costs rather than
/// fuzz noise. Figures exclude the 21,000 transaction base and the calldata charge.
contract IdentityGasTest is Test {
    IdentityRegistry internal identity;
    ReputationRegistry internal reputation;
    ValidationRegistry internal validation;

    // 66-character ipfs:// URIs (a 59-character CIDv1), as an agent pinning its files to IPFS would post.
    string internal constant AGENT_URI = "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    string internal constant FEEDBACK_URI = "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    string internal constant REQUEST_URI = "ipfs://bafkreidivzimqfqtoqxkrpge6bjyhlvxqs3rhe73owtmdulaxr5do5in7u";
    string internal constant ENDPOINT = "https://worker.vouch.example/a2a";

    function test_gas_agentLifecycle_succeeds() public {
        identity = new IdentityRegistry();
        reputation = new ReputationRegistry(address(identity));
        validation = new ValidationRegistry(address(identity));
        address owner = makeAddr("owner");
        address client = makeAddr("client");
        address tasks = makeAddr("tasks");

        // register(agentURI): first agent of this owner, then a second one.
        vm.prank(owner);
        uint256 agentId = identity.register(AGENT_URI);
        vm.prank(owner);
        identity.register(AGENT_URI);

        // giveFeedback: a client's first feedback to the agent, then its second.
        vm.startPrank(client);
        reputation.giveFeedback(agentId, 87, 0, "starred", "", ENDPOINT, FEEDBACK_URI, keccak256("fb1"));
        reputation.giveFeedback(agentId, 9977, 2, "uptime", "week", ENDPOINT, FEEDBACK_URI, keccak256("fb2"));
        vm.stopPrank();

        // validationRequest: the agent's first request to Tasks, then a second.
        vm.startPrank(owner);
        validation.validationRequest(tasks, agentId, REQUEST_URI, keccak256("task 1"));
        validation.validationRequest(tasks, agentId, REQUEST_URI, keccak256("task 2"));
        vm.stopPrank();

        // validationResponse: Tasks finalizes task 1 (first answer), rejects task 2 (first
        // answer), then corrects task 2 (an update of an existing answer).
        vm.startPrank(tasks);
        validation.validationResponse(keccak256("task 1"), 100, "", keccak256("claim 1"), "vouch:optimistic");
        validation.validationResponse(keccak256("task 2"), 0, "", keccak256("claim 2"), "vouch:optimistic");
        validation.validationResponse(keccak256("task 2"), 100, "", keccak256("claim 2"), "vouch:quorum");
        vm.stopPrank();

        (uint64 count,) = validation.getSummary(agentId, new address[](0), "");
        assertEq(uint256(count), 2);
    }
}
