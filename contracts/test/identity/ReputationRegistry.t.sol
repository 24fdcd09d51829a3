// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {IdentityRegistry} from "../../src/identity/IdentityRegistry.sol";
import {ReputationRegistry} from "../../src/identity/ReputationRegistry.sol";
import {IReputationRegistry} from "../../src/identity/interfaces/IReputationRegistry.sol";

contract ReputationRegistryTest is Test {
    IdentityRegistry internal identity;
    ReputationRegistry internal reputation;
    address internal owner;
    address internal alice;
    address internal bob;
    address internal carol;
    uint256 internal agentId;

    function setUp() public {
        identity = new IdentityRegistry();
        reputation = new ReputationRegistry(address(identity));
        owner = makeAddr("owner");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        vm.prank(owner);
        agentId = identity.register("ipfs://agent");
    }

    // ------------------------------------------------------------------ helpers

    function _give(address client, int128 value, uint8 decimals, string memory tag1, string memory tag2) internal {
        vm.prank(client);
        reputation.giveFeedback(agentId, value, decimals, tag1, tag2, "", "", bytes32(0));
    }

    function _list(address a) internal pure returns (address[] memory l) {
        l = new address[](1);
        l[0] = a;
    }

    function _list(address a, address b) internal pure returns (address[] memory l) {
        l = new address[](2);
        l[0] = a;
        l[1] = b;
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_zeroIdentityRegistry_reverts() public {
        vm.expectRevert(IReputationRegistry.ReputationRegistry_ZeroIdentityRegistry.selector);
        new ReputationRegistry(address(0));
    }

    function test_getIdentityRegistry_returnsConstructorArgument_succeeds() public view {
        assertEq(reputation.getIdentityRegistry(), address(identity));
    }

    // ------------------------------------------------------------------ giveFeedback

    function test_giveFeedback_client_succeeds() public {
        bytes32 fileHash = keccak256("feedback file");
        vm.expectEmit(true, true, true, true, address(reputation));
        emit IReputationRegistry.NewFeedback(
            agentId, alice, 1, 87, 0, "starred", "starred", "", "https://agent.example/a2a", "ipfs://fb", fileHash
        );
        vm.prank(alice);
        reputation.giveFeedback(agentId, 87, 0, "starred", "", "https://agent.example/a2a", "ipfs://fb", fileHash);

        (int128 value, uint8 decimals, string memory tag1, string memory tag2, bool revoked) =
            reputation.readFeedback(agentId, alice, 1);
        assertEq(int256(value), 87);
        assertEq(uint256(decimals), 0);
        assertEq(tag1, "starred");
        assertEq(tag2, "");
        assertFalse(revoked);
        assertEq(uint256(reputation.getLastIndex(agentId, alice)), 1);
        address[] memory clients = reputation.getClients(agentId);
        assertEq(clients.length, 1);
        assertEq(clients[0], alice);
    }

    function test_giveFeedback_secondFeedback_incrementsIndex_succeeds() public {
        _give(alice, 9977, 2, "uptime", "");
        _give(alice, -32, 1, "tradingYield", "month");
        _give(bob, 1, 0, "reachable", "");
        assertEq(uint256(reputation.getLastIndex(agentId, alice)), 2);
        assertEq(uint256(reputation.getLastIndex(agentId, bob)), 1);
        assertEq(uint256(reputation.getLastIndex(agentId, carol)), 0);
        (int128 value, uint8 decimals, string memory tag1, string memory tag2,) = reputation.readFeedback(agentId, alice, 2);
        assertEq(int256(value), -32);
        assertEq(uint256(decimals), 1);
        assertEq(tag1, "tradingYield");
        assertEq(tag2, "month");
        // Clients are listed once each, in order of their first feedback.
        address[] memory clients = reputation.getClients(agentId);
        assertEq(clients.length, 2);
        assertEq(clients[0], alice);
        assertEq(clients[1], bob);
    }

    function test_giveFeedback_extremeValues_succeeds() public {
        _give(alice, type(int128).max, 18, "", "");
        _give(alice, type(int128).min, 0, "", "");
        (int128 v1,,,,) = reputation.readFeedback(agentId, alice, 1);
        (int128 v2,,,,) = reputation.readFeedback(agentId, alice, 2);
        assertEq(int256(v1), int256(type(int128).max));
        assertEq(int256(v2), int256(type(int128).min));
    }

    function test_giveFeedback_selfFeedbackByOwner_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_SelfFeedback.selector, agentId, owner)
        );
        vm.prank(owner);
        reputation.giveFeedback(agentId, 100, 0, "starred", "", "", "", bytes32(0));
    }

    function test_giveFeedback_selfFeedbackByApproved_reverts() public {
        vm.prank(owner);
        identity.approve(alice, agentId);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_SelfFeedback.selector, agentId, alice)
        );
        _give(alice, 100, 0, "", "");
    }

    function test_giveFeedback_selfFeedbackByOperator_reverts() public {
        vm.prank(owner);
        identity.setApprovalForAll(bob, true);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_SelfFeedback.selector, agentId, bob)
        );
        _give(bob, 100, 0, "", "");
    }

    function test_giveFeedback_formerOwnerAfterTransfer_succeeds() public {
        vm.prank(owner);
        identity.transferFrom(owner, carol, agentId);
        _give(owner, 10, 0, "", "");
        assertEq(uint256(reputation.getLastIndex(agentId, owner)), 1);
    }

    function test_giveFeedback_decimalsTooLarge_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_ValueDecimalsTooLarge.selector, 19, 18)
        );
        _give(alice, 1, 19, "", "");
    }

    function test_giveFeedback_unknownAgent_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_AgentNotFound.selector, 42));
        vm.prank(alice);
        reputation.giveFeedback(42, 1, 0, "", "", "", "", bytes32(0));
    }

    // ------------------------------------------------------------------ revokeFeedback

    function test_revokeFeedback_own_succeeds() public {
        _give(alice, 50, 0, "starred", "");
        vm.expectEmit(true, true, true, true, address(reputation));
        emit IReputationRegistry.FeedbackRevoked(agentId, alice, 1);
        vm.prank(alice);
        reputation.revokeFeedback(agentId, 1);
        (,,,, bool revoked) = reputation.readFeedback(agentId, alice, 1);
        assertTrue(revoked);
    }

    function test_revokeFeedback_twice_reverts() public {
        _give(alice, 50, 0, "", "");
        vm.startPrank(alice);
        reputation.revokeFeedback(agentId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationRegistry.ReputationRegistry_FeedbackAlreadyRevoked.selector, agentId, alice, uint64(1)
            )
        );
        reputation.revokeFeedback(agentId, 1);
        vm.stopPrank();
    }

    function test_revokeFeedback_zeroIndex_reverts() public {
        _give(alice, 50, 0, "", "");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationRegistry.ReputationRegistry_FeedbackNotFound.selector, agentId, alice, uint64(0)
            )
        );
        vm.prank(alice);
        reputation.revokeFeedback(agentId, 0);
    }

    function test_revokeFeedback_someoneElsesFeedback_reverts() public {
        _give(alice, 50, 0, "", "");
        // bob has no feedback #1: a client can only revoke its own.
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationRegistry.ReputationRegistry_FeedbackNotFound.selector, agentId, bob, uint64(1)
            )
        );
        vm.prank(bob);
        reputation.revokeFeedback(agentId, 1);
    }

    // ------------------------------------------------------------------ appendResponse

    function test_appendResponse_anyone_succeeds() public {
        _give(alice, 10, 0, "starred", "");
        bytes32 h = keccak256("refund receipt");
        vm.expectEmit(true, true, true, true, address(reputation));
        emit IReputationRegistry.ResponseAppended(agentId, alice, 1, owner, "ipfs://refund", h);
        vm.prank(owner);
        reputation.appendResponse(agentId, alice, 1, "ipfs://refund", h);
        vm.prank(carol);
        reputation.appendResponse(agentId, alice, 1, "ipfs://spam-tag", bytes32(0));
        vm.prank(carol);
        reputation.appendResponse(agentId, alice, 1, "ipfs://spam-tag-2", bytes32(0));
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 1, new address[](0))), 3);
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 1, _list(carol))), 2);
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 1, _list(owner))), 1);
    }

    function test_appendResponse_revokedFeedback_succeeds() public {
        _give(alice, 10, 0, "", "");
        vm.prank(alice);
        reputation.revokeFeedback(agentId, 1);
        vm.prank(owner);
        reputation.appendResponse(agentId, alice, 1, "ipfs://thanks", bytes32(0));
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 1, new address[](0))), 1);
    }

    function test_appendResponse_unknownFeedback_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationRegistry.ReputationRegistry_FeedbackNotFound.selector, agentId, alice, uint64(1)
            )
        );
        vm.prank(owner);
        reputation.appendResponse(agentId, alice, 1, "ipfs://r", bytes32(0));
    }

    function test_appendResponse_emptyURI_reverts() public {
        _give(alice, 10, 0, "", "");
        vm.expectRevert(IReputationRegistry.ReputationRegistry_EmptyResponseURI.selector);
        vm.prank(owner);
        reputation.appendResponse(agentId, alice, 1, "", bytes32(0));
    }

    function test_getResponseCount_filters_succeeds() public {
        _give(alice, 10, 0, "", "");
        _give(alice, 20, 0, "", "");
        _give(bob, 30, 0, "", "");
        vm.startPrank(owner);
        reputation.appendResponse(agentId, alice, 1, "r", bytes32(0));
        reputation.appendResponse(agentId, alice, 2, "r", bytes32(0));
        reputation.appendResponse(agentId, bob, 1, "r", bytes32(0));
        vm.stopPrank();
        vm.prank(carol);
        reputation.appendResponse(agentId, bob, 1, "r", bytes32(0));
        address[] memory none = new address[](0);
        assertEq(uint256(reputation.getResponseCount(agentId, address(0), 0, none)), 4);
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 0, none)), 2);
        assertEq(uint256(reputation.getResponseCount(agentId, bob, 1, none)), 2);
        assertEq(uint256(reputation.getResponseCount(agentId, address(0), 0, _list(carol))), 1);
        assertEq(uint256(reputation.getResponseCount(agentId, alice, 3, none)), 0);
    }

    // ------------------------------------------------------------------ readFeedback / readAllFeedback

    function test_readFeedback_unknownIndex_reverts() public {
        _give(alice, 10, 0, "", "");
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationRegistry.ReputationRegistry_FeedbackNotFound.selector, agentId, alice, uint64(2)
            )
        );
        reputation.readFeedback(agentId, alice, 2);
    }

    function test_readAllFeedback_allClients_succeeds() public {
        _give(alice, 87, 0, "starred", "");
        _give(bob, 9977, 2, "uptime", "week");
        _give(alice, 560, 0, "responseTime", "");
        (
            address[] memory clients,
            uint64[] memory indexes,
            int128[] memory values,
            uint8[] memory decimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revoked
        ) = reputation.readAllFeedback(agentId, new address[](0), "", "", false);
        assertEq(clients.length, 3);
        // Client order (alice first), then index order.
        assertEq(clients[0], alice);
        assertEq(uint256(indexes[0]), 1);
        assertEq(clients[1], alice);
        assertEq(uint256(indexes[1]), 2);
        assertEq(int256(values[1]), 560);
        assertEq(clients[2], bob);
        assertEq(int256(values[2]), 9977);
        assertEq(uint256(decimals[2]), 2);
        assertEq(tag1s[2], "uptime");
        assertEq(tag2s[2], "week");
        assertFalse(revoked[0]);
    }

    function test_readAllFeedback_revokedAndTagFilters_succeeds() public {
        _give(alice, 1, 0, "starred", "");
        _give(alice, 2, 0, "uptime", "");
        _give(bob, 3, 0, "starred", "");
        vm.prank(alice);
        reputation.revokeFeedback(agentId, 1);

        (address[] memory clients,, int128[] memory values,,,,) =
            reputation.readAllFeedback(agentId, new address[](0), "starred", "", false);
        assertEq(clients.length, 1);
        assertEq(clients[0], bob);

        bool[] memory revoked;
        (clients,, values,,,, revoked) = reputation.readAllFeedback(agentId, new address[](0), "starred", "", true);
        assertEq(clients.length, 2);
        assertEq(int256(values[0]), 1);
        assertTrue(revoked[0]);
        assertFalse(revoked[1]);

        (clients,,,,,,) = reputation.readAllFeedback(agentId, _list(alice), "", "", true);
        assertEq(clients.length, 2);
        (clients,,,,,,) = reputation.readAllFeedback(agentId, _list(carol), "", "", true);
        assertEq(clients.length, 0);
    }

    // ------------------------------------------------------------------ getSummary

    function test_getSummary_sameDecimals_succeeds() public {
        _give(alice, 80, 0, "starred", "");
        _give(bob, 95, 0, "starred", "");
        _give(bob, 90, 0, "starred", "");
        (uint64 count, int128 value, uint8 decimals) = reputation.getSummary(agentId, _list(alice, bob), "", "");
        assertEq(uint256(count), 3);
        assertEq(int256(value), 88); // 265 / 3 = 88.33, truncated
        assertEq(uint256(decimals), 0);
    }

    function test_getSummary_mixedDecimals_succeeds() public {
        _give(alice, 99, 0, "uptime", ""); // 99
        _give(bob, 9977, 2, "uptime", ""); // 99.77
        (uint64 count, int128 value, uint8 decimals) = reputation.getSummary(agentId, _list(alice, bob), "uptime", "");
        assertEq(uint256(count), 2);
        assertEq(int256(value), 9938); // (99.00 + 99.77) / 2 = 99.385 -> 99.38 at 2 decimals
        assertEq(uint256(decimals), 2);
    }

    function test_getSummary_negativeMean_truncatesTowardZero_succeeds() public {
        _give(alice, -32, 1, "tradingYield", "month");
        _give(bob, -1, 0, "tradingYield", "month");
        (uint64 count, int128 value, uint8 decimals) =
            reputation.getSummary(agentId, _list(alice, bob), "tradingYield", "month");
        assertEq(uint256(count), 2);
        assertEq(int256(value), -21); // (-3.2 + -1.0) / 2 = -2.1
        assertEq(uint256(decimals), 1);
    }

    function test_getSummary_tagFiltersAndRevoked_succeeds() public {
        _give(alice, 100, 0, "starred", "a2a");
        _give(alice, 0, 0, "starred", "mcp");
        _give(bob, 50, 0, "uptime", "a2a");
        _give(bob, 10, 0, "starred", "a2a");
        vm.prank(bob);
        reputation.revokeFeedback(agentId, 2);

        (uint64 count, int128 value,) = reputation.getSummary(agentId, _list(alice, bob), "starred", "");
        assertEq(uint256(count), 2);
        assertEq(int256(value), 50);
        (count, value,) = reputation.getSummary(agentId, _list(alice, bob), "", "a2a");
        assertEq(uint256(count), 2);
        assertEq(int256(value), 75);
        (count, value,) = reputation.getSummary(agentId, _list(alice, bob), "starred", "a2a");
        assertEq(uint256(count), 1);
        assertEq(int256(value), 100);
        (count, value,) = reputation.getSummary(agentId, _list(bob), "", "");
        assertEq(uint256(count), 1);
        assertEq(int256(value), 50);
    }

    function test_getSummary_noMatches_succeeds() public {
        _give(alice, 100, 3, "starred", "");
        (uint64 count, int128 value, uint8 decimals) = reputation.getSummary(agentId, _list(carol), "", "");
        assertEq(uint256(count), 0);
        assertEq(int256(value), 0);
        assertEq(uint256(decimals), 0);
    }

    function test_getSummary_emptyClientList_reverts() public {
        _give(alice, 100, 0, "", "");
        vm.expectRevert(
            abi.encodeWithSelector(IReputationRegistry.ReputationRegistry_ClientsRequired.selector, agentId)
        );
        reputation.getSummary(agentId, new address[](0), "", "");
    }

    function test_getSummary_meanTooLargeForDecimals_lowersDecimals_succeeds() public {
        // max int128 at 0 decimals next to a value at 18 decimals: the mean at 18 decimals
        // (~8.5e37 * 1e18) cannot be an int128, so the summary drops decimals until it fits.
        _give(alice, type(int128).max, 0, "", "");
        _give(bob, 1, 18, "", "");
        (uint64 count, int128 value, uint8 decimals) = reputation.getSummary(agentId, _list(alice, bob), "", "");
        assertEq(uint256(count), 2);
        assertEq(uint256(decimals), 0);
        assertEq(int256(value), int256(type(int128).max) / 2);
    }

    // ------------------------------------------------------------------ fuzz: aggregation

    /// @dev Same decimals everywhere: the summary is exactly the truncated integer mean.
    function testFuzz_getSummary_sameDecimals_isTruncatedMean_succeeds(int128[8] memory values, uint8 n, uint8 decimals)
        public
    {
        n = uint8(bound(n, 1, 8));
        decimals = uint8(bound(decimals, 0, 18));
        int256 sum = 0;
        for (uint256 i = 0; i < n; ++i) {
            _give(i % 2 == 0 ? alice : bob, values[i], decimals, "", "");
            sum += values[i];
        }
        (uint64 count, int128 value, uint8 summaryDecimals) = reputation.getSummary(agentId, _list(alice, bob), "", "");
        assertEq(uint256(count), n);
        assertEq(uint256(summaryDecimals), decimals);
        assertEq(int256(value), sum / int256(uint256(n)));
    }

    /// @dev Mixed decimals and revocations: count excludes revoked entries, decimals never exceed
    /// the largest given, and the summary is the mean truncated at its decimals (error below one
    /// unit of the last place, same sign as the mean).
    function testFuzz_getSummary_mixedDecimals_boundsMean_succeeds(
        int128[6] memory values,
        uint8[6] memory decimals,
        uint8 revokeMask
    ) public {
        address[3] memory clients = [alice, bob, carol];
        int256 sumWad = 0;
        uint64 live = 0;
        uint8 maxDecimals = 0;
        for (uint256 i = 0; i < 6; ++i) {
            uint8 d = uint8(bound(decimals[i], 0, 18));
            address client = clients[i % 3];
            _give(client, values[i], d, "vouch", "");
            if ((revokeMask >> i) & 1 == 1) {
                uint64 last = reputation.getLastIndex(agentId, client);
                vm.prank(client);
                reputation.revokeFeedback(agentId, last);
                continue;
            }
            sumWad += int256(values[i]) * int256(10 ** uint256(18 - d));
            if (d > maxDecimals) maxDecimals = d;
            ++live;
        }
        address[] memory all = new address[](3);
        all[0] = alice;
        all[1] = bob;
        all[2] = carol;
        (uint64 count, int128 value, uint8 summaryDecimals) = reputation.getSummary(agentId, all, "vouch", "");
        assertEq(uint256(count), live);
        if (live == 0) {
            assertEq(int256(value), 0);
            return;
        }
        assertLe(summaryDecimals, maxDecimals);
        // value * 10^(18-D) * live is within one last-place unit (times live) of the exact sum.
        int256 unit = int256(10 ** uint256(18 - summaryDecimals));
        int256 reconstructed = int256(value) * unit * int256(uint256(live));
        int256 err = sumWad - reconstructed;
        if (sumWad >= 0) {
            assertTrue(err >= 0 && err < unit * int256(uint256(live)), "mean not truncated toward zero");
        } else {
            assertTrue(err <= 0 && -err < unit * int256(uint256(live)), "mean not truncated toward zero");
        }
        // Decimals are only dropped when keeping one more would overflow int128.
        if (summaryDecimals < maxDecimals) {
            int256 finer = (sumWad / int256(uint256(live))) / (unit / 10);
            assertTrue(finer > type(int128).max || finer < type(int128).min, "decimals dropped needlessly");
        }
    }

    /// @dev Many clients, random values: the count equals the number given, and client filtering
    /// only ever sums the named clients.
    function testFuzz_getSummary_clientFilter_succeeds(uint8 nAlice, uint8 nBob, int64 a, int64 b) public {
        nAlice = uint8(bound(nAlice, 0, 6));
        nBob = uint8(bound(nBob, 1, 6));
        for (uint256 i = 0; i < nAlice; ++i) {
            _give(alice, a, 0, "", "");
        }
        for (uint256 i = 0; i < nBob; ++i) {
            _give(bob, b, 0, "", "");
        }
        (uint64 count, int128 value,) = reputation.getSummary(agentId, _list(bob), "", "");
        assertEq(uint256(count), nBob);
        assertEq(int256(value), int256(b));
        (count,,) = reputation.getSummary(agentId, _list(alice, bob), "", "");
        assertEq(uint256(count), uint256(nAlice) + nBob);
    }
}
