// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IReputationRegistry} from "./interfaces/IReputationRegistry.sol";

/// @title ReputationRegistry
/// @notice ERC-8004 Reputation Registry. Any address except the agent's own managers may post
/// feedback about an agent; the raw signal (value, decimals, tags, revoked flag) is stored so
/// contracts can read it, while endpoint/feedbackURI/feedbackHash only go to the event log.
/// @dev Talks to the identity registry through plain ERC-721 calls only, so it also works over
/// any other ERC-8004 identity registry. The read functions loop over storage: they are for
/// eth_call and for contracts that pass a short, trusted list of clients.
contract ReputationRegistry is IReputationRegistry {
    /// @notice Largest valueDecimals the ERC allows.
    uint8 public constant MAX_VALUE_DECIMALS = 18;

    /// @dev One feedback. Packed: value (16 bytes) + valueDecimals (1) + isRevoked (1) share a slot.
    struct Feedback {
        int128 value;
        uint8 valueDecimals;
        bool isRevoked;
        string tag1;
        string tag2;
    }

    /// @dev Tag filter of the read functions; an empty filter string matches every tag.
    struct TagFilter {
        bool anyTag1;
        bool anyTag2;
        bool includeRevoked;
        bytes32 tag1Hash;
        bytes32 tag2Hash;
    }

    /// @dev The columns readAllFeedback returns.
    struct FeedbackPage {
        address[] clients;
        uint64[] feedbackIndexes;
        int128[] values;
        uint8[] valueDecimals;
        string[] tag1s;
        string[] tag2s;
        bool[] revokedStatuses;
    }

    IERC721 private immutable _identityRegistry;

    /// @dev agentId => client => 1-based index => feedback.
    mapping(uint256 agentId => mapping(address client => mapping(uint64 index => Feedback))) private _feedback;
    /// @dev agentId => client => number of feedbacks given (= last index; 0 = never rated).
    mapping(uint256 agentId => mapping(address client => uint64 lastIndex)) private _lastIndex;
    /// @dev agentId => clients in order of their first feedback.
    mapping(uint256 agentId => address[] clients) private _clients;
    /// @dev agentId => client => index => responder => number of responses.
    mapping(uint256 agentId => mapping(address client => mapping(uint64 index => mapping(address responder => uint64))))
        private _responseCounts;
    /// @dev agentId => client => index => responders in order of their first response.
    mapping(uint256 agentId => mapping(address client => mapping(uint64 index => address[] responders))) private
        _responders;

    constructor(address identityRegistry_) {
        // INVARIANT: Feedback is always about agents of one real identity registry.
        if (identityRegistry_ == address(0)) revert ReputationRegistry_ZeroIdentityRegistry();
        _identityRegistry = IERC721(identityRegistry_);
    }

    // ================================================================== writes

    /// @inheritdoc IReputationRegistry
    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external {
        _checkRater(agentId, valueDecimals);
        uint64 index = _storeFeedback(agentId, value, valueDecimals, tag1, tag2);
        _emitNewFeedback(agentId, index, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    /// @inheritdoc IReputationRegistry
    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external {
        Feedback storage fb = _existingFeedback(agentId, msg.sender, feedbackIndex);
        // INVARIANT: A feedback is revoked at most once.
        if (fb.isRevoked) revert ReputationRegistry_FeedbackAlreadyRevoked(agentId, msg.sender, feedbackIndex);
        fb.isRevoked = true;
        emit FeedbackRevoked(agentId, msg.sender, feedbackIndex);
    }

    /// @inheritdoc IReputationRegistry
    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external {
        _existingFeedback(agentId, clientAddress, feedbackIndex);
        // INVARIANT: A response always points at its content.
        if (bytes(responseURI).length == 0) revert ReputationRegistry_EmptyResponseURI();

        mapping(address responder => uint64) storage counts = _responseCounts[agentId][clientAddress][feedbackIndex];
        if (counts[msg.sender] == 0) _responders[agentId][clientAddress][feedbackIndex].push(msg.sender);
        counts[msg.sender] += 1;
        emit ResponseAppended(agentId, clientAddress, feedbackIndex, msg.sender, responseURI, responseHash);
    }

    // ================================================================== reads

    /// @inheritdoc IReputationRegistry
    function getIdentityRegistry() external view returns (address) {
        return address(_identityRegistry);
    }

    /// @inheritdoc IReputationRegistry
    /// @dev summaryValue is the mean of the matching, unrevoked values, truncated toward zero.
    /// It is expressed with the largest valueDecimals among them (so mixing 87/0 and 9977/2 gives a
    /// mean at 2 decimals), lowered one step at a time only if the mean would not fit int128.
    function getSummary(uint256 agentId, address[] calldata clientAddresses, string calldata tag1, string calldata tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
    {
        // INVARIANT: A summary names the reviewers it trusts; an unfiltered one is Sybil bait.
        if (clientAddresses.length == 0) revert ReputationRegistry_ClientsRequired(agentId);
        TagFilter memory filter = _tagFilter(tag1, tag2, false);

        int256 sumWad;
        (sumWad, count, summaryValueDecimals) = _sumMatches(agentId, clientAddresses, filter);
        if (count == 0) return (0, 0, 0);
        (summaryValue, summaryValueDecimals) = _meanAt(sumWad / int256(uint256(count)), summaryValueDecimals);
    }

    /// @inheritdoc IReputationRegistry
    function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex)
        external
        view
        returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked)
    {
        Feedback storage fb = _existingFeedback(agentId, clientAddress, feedbackIndex);
        return (fb.value, fb.valueDecimals, fb.tag1, fb.tag2, fb.isRevoked);
    }

    /// @inheritdoc IReputationRegistry
    /// @dev An empty clientAddresses list means every client, in order of first feedback.
    /// Parameters are in memory (not calldata) and the work happens in _readAll: seven return
    /// arrays plus calldata parameters do not fit the legacy code generator's stack.
    function readAllFeedback(
        uint256 agentId,
        address[] memory clientAddresses,
        string memory tag1,
        string memory tag2,
        bool includeRevoked
    )
        external
        view
        returns (
            address[] memory clients,
            uint64[] memory feedbackIndexes,
            int128[] memory values,
            uint8[] memory valueDecimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revokedStatuses
        )
    {
        if (clientAddresses.length == 0) clientAddresses = _clients[agentId];
        FeedbackPage memory page = _readAll(agentId, clientAddresses, _tagFilter(tag1, tag2, includeRevoked));
        return (
            page.clients,
            page.feedbackIndexes,
            page.values,
            page.valueDecimals,
            page.tag1s,
            page.tag2s,
            page.revokedStatuses
        );
    }

    /// @inheritdoc IReputationRegistry
    /// @dev Filters narrow from the right: clientAddress 0 counts responses to every feedback of
    /// the agent, feedbackIndex 0 to every feedback of that client, an empty responders list
    /// counts every responder.
    function getResponseCount(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        address[] calldata responders
    ) external view returns (uint64 count) {
        if (clientAddress == address(0)) {
            address[] storage clients = _clients[agentId];
            for (uint256 i = 0; i < clients.length; ++i) {
                count += _responsesToClient(agentId, clients[i], responders);
            }
        } else if (feedbackIndex == 0) {
            count = _responsesToClient(agentId, clientAddress, responders);
        } else {
            count = _responsesTo(agentId, clientAddress, feedbackIndex, responders);
        }
    }

    /// @inheritdoc IReputationRegistry
    function getClients(uint256 agentId) external view returns (address[] memory) {
        return _clients[agentId];
    }

    /// @inheritdoc IReputationRegistry
    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return _lastIndex[agentId][clientAddress];
    }

    // ================================================================== internals

    /// @dev Rejects out-of-range decimals, unknown agents and self-feedback.
    function _checkRater(uint256 agentId, uint8 valueDecimals) private view {
        // INVARIANT: valueDecimals is at most 18, so every value can be rescaled to 18 decimals.
        if (valueDecimals > MAX_VALUE_DECIMALS) {
            revert ReputationRegistry_ValueDecimalsTooLarge(valueDecimals, MAX_VALUE_DECIMALS);
        }
        address owner = _ownerOfAgent(agentId);
        // INVARIANT: An agent's owner, approved address or operator cannot rate the agent.
        if (
            msg.sender == owner || _identityRegistry.isApprovedForAll(owner, msg.sender)
                || _identityRegistry.getApproved(agentId) == msg.sender
        ) revert ReputationRegistry_SelfFeedback(agentId, msg.sender);
    }

    /// @dev Appends msg.sender's next feedback to `agentId` and returns its 1-based index.
    function _storeFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2
    ) private returns (uint64 index) {
        index = _lastIndex[agentId][msg.sender] + 1;
        if (index == 1) _clients[agentId].push(msg.sender);
        _lastIndex[agentId][msg.sender] = index;
        Feedback storage fb = _feedback[agentId][msg.sender][index];
        fb.value = value;
        fb.valueDecimals = valueDecimals;
        if (bytes(tag1).length != 0) fb.tag1 = tag1;
        if (bytes(tag2).length != 0) fb.tag2 = tag2;
    }

    /// @dev Emits NewFeedback from memory copies: the eleven event fields taken from calldata
    /// do not fit the legacy code generator's stack.
    function _emitNewFeedback(
        uint256 agentId,
        uint64 index,
        int128 value,
        uint8 valueDecimals,
        string memory tag1,
        string memory tag2,
        string memory endpoint,
        string memory feedbackURI,
        bytes32 feedbackHash
    ) private {
        emit NewFeedback(
            agentId, msg.sender, index, value, valueDecimals, tag1, tag1, tag2, endpoint, feedbackURI, feedbackHash
        );
    }

    /// @dev The agent's owner; reverts with AgentNotFound for ids the identity registry does not know.
    function _ownerOfAgent(uint256 agentId) private view returns (address owner) {
        try _identityRegistry.ownerOf(agentId) returns (address o) {
            owner = o;
        } catch {
            owner = address(0);
        }
        // INVARIANT: Feedback is only about registered agents.
        if (owner == address(0)) revert ReputationRegistry_AgentNotFound(agentId);
    }

    function _existingFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex)
        private
        view
        returns (Feedback storage)
    {
        // INVARIANT: Feedback indexes are 1-based and never beyond the client's last one.
        if (feedbackIndex == 0 || feedbackIndex > _lastIndex[agentId][clientAddress]) {
            revert ReputationRegistry_FeedbackNotFound(agentId, clientAddress, feedbackIndex);
        }
        return _feedback[agentId][clientAddress][feedbackIndex];
    }

    function _tagFilter(string memory tag1, string memory tag2, bool includeRevoked)
        private
        pure
        returns (TagFilter memory filter)
    {
        filter.anyTag1 = bytes(tag1).length == 0;
        filter.anyTag2 = bytes(tag2).length == 0;
        filter.includeRevoked = includeRevoked;
        filter.tag1Hash = keccak256(bytes(tag1));
        filter.tag2Hash = keccak256(bytes(tag2));
    }

    function _matches(Feedback storage fb, TagFilter memory filter) private view returns (bool) {
        if (fb.isRevoked && !filter.includeRevoked) return false;
        if (!filter.anyTag1 && keccak256(bytes(fb.tag1)) != filter.tag1Hash) return false;
        if (!filter.anyTag2 && keccak256(bytes(fb.tag2)) != filter.tag2Hash) return false;
        return true;
    }

    function _countMatches(uint256 agentId, address[] memory clientList, TagFilter memory filter)
        private
        view
        returns (uint256 total)
    {
        for (uint256 i = 0; i < clientList.length; ++i) {
            uint64 last = _lastIndex[agentId][clientList[i]];
            for (uint64 j = 1; j <= last; ++j) {
                if (_matches(_feedback[agentId][clientList[i]][j], filter)) ++total;
            }
        }
    }

    /// @dev Sum of the matching values rescaled to 18 decimals, their number and largest decimals.
    function _sumMatches(uint256 agentId, address[] calldata clientList, TagFilter memory filter)
        private
        view
        returns (int256 sumWad, uint64 count, uint8 maxDecimals)
    {
        for (uint256 i = 0; i < clientList.length; ++i) {
            address client = clientList[i];
            uint64 last = _lastIndex[agentId][client];
            for (uint64 j = 1; j <= last; ++j) {
                Feedback storage fb = _feedback[agentId][client][j];
                if (!_matches(fb, filter)) continue;
                // |value| <= 2^127 and the factor is <= 10^18 < 2^60, so each term is below 2^187
                // and a sum of up to 2^64 terms stays far below 2^255.
                sumWad += int256(fb.value) * int256(10 ** uint256(MAX_VALUE_DECIMALS - fb.valueDecimals));
                if (fb.valueDecimals > maxDecimals) maxDecimals = fb.valueDecimals;
                ++count;
            }
        }
    }

    /// @dev Every matching feedback of `clientList` to `agentId`, in client then index order.
    function _readAll(uint256 agentId, address[] memory clientList, TagFilter memory filter)
        private
        view
        returns (FeedbackPage memory page)
    {
        uint256 total = _countMatches(agentId, clientList, filter);
        page.clients = new address[](total);
        page.feedbackIndexes = new uint64[](total);
        page.values = new int128[](total);
        page.valueDecimals = new uint8[](total);
        page.tag1s = new string[](total);
        page.tag2s = new string[](total);
        page.revokedStatuses = new bool[](total);

        uint256 k = 0;
        for (uint256 i = 0; i < clientList.length; ++i) {
            address client = clientList[i];
            uint64 last = _lastIndex[agentId][client];
            for (uint64 j = 1; j <= last; ++j) {
                Feedback storage fb = _feedback[agentId][client][j];
                if (!_matches(fb, filter)) continue;
                page.clients[k] = client;
                page.feedbackIndexes[k] = j;
                page.values[k] = fb.value;
                page.valueDecimals[k] = fb.valueDecimals;
                page.tag1s[k] = fb.tag1;
                page.tag2s[k] = fb.tag2;
                page.revokedStatuses[k] = fb.isRevoked;
                ++k;
            }
        }
    }

    /// @dev Rescales an 18-decimal mean to `decimals`, dropping decimals until it fits int128.
    /// Always terminates: at 0 decimals the mean is bounded by the largest |value|, an int128.
    function _meanAt(int256 meanWad, uint8 decimals) private pure returns (int128, uint8) {
        while (true) {
            int256 scaled = meanWad / int256(10 ** uint256(MAX_VALUE_DECIMALS - decimals));
            if ((scaled >= type(int128).min && scaled <= type(int128).max) || decimals == 0) {
                // casting to 'int128' is safe because the range was checked on the line above, or
                // at 0 decimals |scaled| <= max |value| <= 2^127 (see the function comment).
                // forge-lint: disable-next-line(unsafe-typecast)
                return (int128(scaled), decimals);
            }
            --decimals;
        }
        return (0, 0); // unreachable; keeps the compiler's return analysis happy
    }

    function _responsesToClient(uint256 agentId, address clientAddress, address[] calldata responders)
        private
        view
        returns (uint64 count)
    {
        uint64 last = _lastIndex[agentId][clientAddress];
        for (uint64 j = 1; j <= last; ++j) {
            count += _responsesTo(agentId, clientAddress, j, responders);
        }
    }

    function _responsesTo(uint256 agentId, address clientAddress, uint64 feedbackIndex, address[] calldata responders)
        private
        view
        returns (uint64 count)
    {
        mapping(address => uint64) storage counts = _responseCounts[agentId][clientAddress][feedbackIndex];
        if (responders.length == 0) {
            address[] storage all = _responders[agentId][clientAddress][feedbackIndex];
            for (uint256 k = 0; k < all.length; ++k) {
                count += counts[all[k]];
            }
        } else {
            for (uint256 k = 0; k < responders.length; ++k) {
                count += counts[responders[k]];
            }
        }
    }
}
