// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-8004 Reputation Registry, as Vouch deploys it.
/// @notice Clients post signed fixed-point feedback (`value` scaled by 10^`valueDecimals`) about an
/// agent, optionally tagged; the feedback index is 1-based per (agentId, client). Signatures
/// follow the ERC-8004 text recorded in docs/erc8004.md; errors are Vouch's.
interface IReputationRegistry {
    // ------------------------------------------------------------------ events (ERC-8004 names)
    event NewFeedback(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        int128 value,
        uint8 valueDecimals,
        string indexed indexedTag1,
        string tag1,
        string tag2,
        string endpoint,
        string feedbackURI,
        bytes32 feedbackHash
    );
    event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex);
    event ResponseAppended(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        address indexed responder,
        string responseURI,
        bytes32 responseHash
    );

    // ------------------------------------------------------------------ errors
    error ReputationRegistry_ZeroIdentityRegistry();
    /// @dev No agent `agentId` exists in the identity registry.
    error ReputationRegistry_AgentNotFound(uint256 agentId);
    /// @dev valueDecimals is above 18.
    error ReputationRegistry_ValueDecimalsTooLarge(uint8 valueDecimals, uint8 maxDecimals);
    /// @dev The agent's owner, approved address or operator tried to rate the agent.
    error ReputationRegistry_SelfFeedback(uint256 agentId, address caller);
    /// @dev No feedback number `feedbackIndex` from `clientAddress` to `agentId`.
    error ReputationRegistry_FeedbackNotFound(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    error ReputationRegistry_FeedbackAlreadyRevoked(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    /// @dev A response must point somewhere.
    error ReputationRegistry_EmptyResponseURI();
    /// @dev getSummary needs the reviewers to trust (ERC-8004: clientAddresses MUST be non-empty).
    error ReputationRegistry_ClientsRequired(uint256 agentId);

    // ------------------------------------------------------------------ writes
    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external;

    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external;

    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external;

    // ------------------------------------------------------------------ reads
    function getIdentityRegistry() external view returns (address identityRegistry);

    function getSummary(uint256 agentId, address[] calldata clientAddresses, string calldata tag1, string calldata tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals);

    function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex)
        external
        view
        returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked);

    function readAllFeedback(
        uint256 agentId,
        address[] calldata clientAddresses,
        string calldata tag1,
        string calldata tag2,
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
        );

    function getResponseCount(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        address[] calldata responders
    ) external view returns (uint64 count);

    function getClients(uint256 agentId) external view returns (address[] memory);

    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64);
}
