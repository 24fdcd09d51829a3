// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-8004 Identity Registry, as Vouch deploys it.
/// @notice Agents are ERC-721 tokens: `agentId` is the tokenId, `agentURI` the tokenURI, and the
/// token's owner is the agent's owner. Function and event signatures follow the ERC-8004 text
/// recorded in docs/erc8004.md; the errors are Vouch's.
interface IIdentityRegistry {
    /// @notice One on-chain metadata entry given at registration.
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    // ------------------------------------------------------------------ events (ERC-8004 names)
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    event MetadataSet(
        uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue
    );

    // ------------------------------------------------------------------ errors
    /// @dev `caller` is neither the owner of `agentId` nor approved for it.
    error IdentityRegistry_NotAuthorized(uint256 agentId, address caller);
    /// @dev `agentWallet` may only change through setAgentWallet/unsetAgentWallet.
    error IdentityRegistry_ReservedMetadataKey(string metadataKey);
    /// @dev The agentWallet cannot be the zero address (use unsetAgentWallet).
    error IdentityRegistry_ZeroWallet(uint256 agentId);
    /// @dev The wallet's signature was made for a deadline that has passed.
    error IdentityRegistry_SignatureExpired(uint256 deadline, uint256 timestamp);
    /// @dev `wallet` did not sign the AgentWalletSet digest (ECDSA for EOAs, ERC-1271 for contracts).
    error IdentityRegistry_InvalidWalletSignature(uint256 agentId, address wallet);
    /// @dev The same AgentWalletSet authorisation was already used once.
    error IdentityRegistry_SignatureAlreadyUsed(bytes32 digest);

    // ------------------------------------------------------------------ registration
    function register() external returns (uint256 agentId);
    function register(string calldata agentURI) external returns (uint256 agentId);
    function register(string calldata agentURI, MetadataEntry[] calldata metadata)
        external
        returns (uint256 agentId);

    function setAgentURI(uint256 agentId, string calldata newURI) external;

    // ------------------------------------------------------------------ metadata
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory);
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external;

    // ------------------------------------------------------------------ agent wallet
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature)
        external;
    function unsetAgentWallet(uint256 agentId) external;
    function getAgentWallet(uint256 agentId) external view returns (address);

    /// @notice EIP-712 digest the new wallet signs to accept becoming `agentId`'s agentWallet.
    function agentWalletDigest(uint256 agentId, address newWallet, address owner, uint256 deadline)
        external
        view
        returns (bytes32);

    /// @notice True when `account` is the owner of `agentId`, approved for it, or an operator of its owner.
    /// Reverts with ERC721NonexistentToken for an unknown agentId.
    function isAuthorizedOrOwner(address account, uint256 agentId) external view returns (bool);
}
