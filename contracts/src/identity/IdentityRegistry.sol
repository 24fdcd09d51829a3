// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";

/// @title IdentityRegistry
/// @notice ERC-8004 Identity Registry: every Vouch agent is an ERC-721 token whose URI resolves to
/// its registration file (docs/examples/agent-registration.json). Besides the URI an agent carries
/// free on-chain metadata and one reserved entry, `agentWallet`, the address where it is paid.
/// The wallet starts as the registering owner, can only be changed by presenting the new
/// wallet's EIP-712 (EOA) or ERC-1271 (contract) signature, and is cleared when the agent changes
/// hands, so a buyer never inherits the seller's payout address.
/// @dev Deliberately not upgradeable: the registry is a public good other contracts read, and
/// Vouch redeploys rather than migrates (docs/erc8004.md).
contract IdentityRegistry is ERC721URIStorage, EIP712, IIdentityRegistry {
    /// @notice The reserved metadata key for the payout wallet.
    string public constant AGENT_WALLET_KEY = "agentWallet";

    /// @notice EIP-712 type the new wallet signs. Same type string as the ERC-8004 reference
    /// contracts, so SDKs that sign it for the canonical registry work here too.
    bytes32 public constant AGENT_WALLET_SET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");

    bytes32 private constant _AGENT_WALLET_KEY_HASH = keccak256(bytes(AGENT_WALLET_KEY));

    /// @dev Last agentId handed out; ids start at 1 so that 0 can mean "no agent" elsewhere.
    uint256 private _lastAgentId;
    mapping(uint256 agentId => mapping(string metadataKey => bytes metadataValue)) private _metadata;
    mapping(uint256 agentId => address wallet) private _agentWallets;
    /// @dev AgentWalletSet digests already consumed: a wallet's consent is good for one use.
    mapping(bytes32 digest => bool used) private _usedWalletDigests;

    constructor() ERC721("Vouch Agent", "AGENT") EIP712("ERC8004IdentityRegistry", "1") {}

    // ================================================================== registration

    /// @inheritdoc IIdentityRegistry
    function register() external returns (uint256 agentId) {
        agentId = _registerAgent("");
        emit Registered(agentId, "", msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _registerAgent(agentURI);
        emit Registered(agentId, agentURI, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function register(string calldata agentURI, MetadataEntry[] calldata metadata)
        external
        returns (uint256 agentId)
    {
        agentId = _registerAgent(agentURI);
        for (uint256 i = 0; i < metadata.length; ++i) {
            _writeMetadata(agentId, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        emit Registered(agentId, agentURI, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _requireAuthorized(agentId);
        _setTokenURI(agentId, newURI);
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    // ================================================================== metadata

    /// @inheritdoc IIdentityRegistry
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        _requireOwned(agentId);
        if (keccak256(bytes(metadataKey)) == _AGENT_WALLET_KEY_HASH) {
            return _encodeWallet(_agentWallets[agentId]);
        }
        return _metadata[agentId][metadataKey];
    }

    /// @inheritdoc IIdentityRegistry
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _requireAuthorized(agentId);
        _writeMetadata(agentId, metadataKey, metadataValue);
    }

    // ================================================================== agent wallet

    /// @inheritdoc IIdentityRegistry
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature)
        external
    {
        address owner = _requireAuthorized(agentId);
        // INVARIANT: The payout wallet is never the zero address; clearing goes through unsetAgentWallet.
        if (newWallet == address(0)) revert IdentityRegistry_ZeroWallet(agentId);
        // INVARIANT: A wallet's consent is only valid until the deadline it signed.
        // Seconds of validator skew do not matter for a consent deadline.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > deadline) revert IdentityRegistry_SignatureExpired(deadline, block.timestamp);

        bytes32 digest = agentWalletDigest(agentId, newWallet, owner, deadline);
        // INVARIANT: Each signed consent sets the wallet at most once (no replay after unset or transfer back).
        if (_usedWalletDigests[digest]) revert IdentityRegistry_SignatureAlreadyUsed(digest);
        // INVARIANT: Only the new wallet itself (ECDSA key or ERC-1271 contract) can accept the role.
        if (!_walletSigned(newWallet, digest, signature)) {
            revert IdentityRegistry_InvalidWalletSignature(agentId, newWallet);
        }

        _usedWalletDigests[digest] = true;
        _setWallet(agentId, newWallet);
    }

    /// @inheritdoc IIdentityRegistry
    function unsetAgentWallet(uint256 agentId) external {
        _requireAuthorized(agentId);
        _setWallet(agentId, address(0));
    }

    /// @inheritdoc IIdentityRegistry
    function getAgentWallet(uint256 agentId) external view returns (address) {
        _requireOwned(agentId);
        return _agentWallets[agentId];
    }

    /// @inheritdoc IIdentityRegistry
    function agentWalletDigest(uint256 agentId, address newWallet, address owner, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(AGENT_WALLET_SET_TYPEHASH, agentId, newWallet, owner, deadline)));
    }

    // ================================================================== views

    /// @inheritdoc IIdentityRegistry
    function isAuthorizedOrOwner(address account, uint256 agentId) external view returns (bool) {
        return _isAuthorized(_requireOwned(agentId), account, agentId);
    }

    /// @notice Number of agents registered so far (also the highest agentId).
    function totalAgents() external view returns (uint256) {
        return _lastAgentId;
    }

    // ================================================================== internals

    /// @dev Mints the next id to the caller, stores its URI and starts the wallet at the owner.
    /// `_mint`, not `_safeMint`: the caller registers itself, so there is no recipient to probe and
    /// no external call happens in the middle of registration.
    function _registerAgent(string memory agentURI) private returns (uint256 agentId) {
        // Cannot overflow: one id per transaction, 2^256 transactions do not happen.
        unchecked {
            agentId = ++_lastAgentId;
        }
        _mint(msg.sender, agentId);
        if (bytes(agentURI).length != 0) _setTokenURI(agentId, agentURI);
        _setWallet(agentId, msg.sender);
    }

    function _writeMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) private {
        // INVARIANT: The reserved agentWallet key is only written by the wallet functions.
        if (keccak256(bytes(metadataKey)) == _AGENT_WALLET_KEY_HASH) {
            revert IdentityRegistry_ReservedMetadataKey(metadataKey);
        }
        _metadata[agentId][metadataKey] = metadataValue;
        emit MetadataSet(agentId, metadataKey, metadataKey, metadataValue);
    }

    /// @dev ECDSA first, then ERC-1271 if the wallet has code. Unlike SignatureChecker's
    /// either/or, this accepts an EIP-7702 account (an EOA with delegated code) signing with its
    /// own key even when its delegate does not implement ERC-1271. An address with no private
    /// key (a deployed contract) can never pass the ECDSA branch.
    function _walletSigned(address wallet, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == wallet) return true;
        return wallet.code.length != 0 && SignatureChecker.isValidERC1271SignatureNowCalldata(wallet, digest, signature);
    }

    function _setWallet(uint256 agentId, address wallet) private {
        _agentWallets[agentId] = wallet;
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, _encodeWallet(wallet));
    }

    /// @dev The wallet as metadata bytes: 20 packed bytes, or empty when unset.
    function _encodeWallet(address wallet) private pure returns (bytes memory) {
        return wallet == address(0) ? bytes("") : abi.encodePacked(wallet);
    }

    /// @dev Reverts unless msg.sender may manage `agentId`; returns the owner.
    function _requireAuthorized(uint256 agentId) private view returns (address owner) {
        owner = _requireOwned(agentId);
        // INVARIANT: Only the owner, an approved address or an operator of the owner manages an agent.
        if (!_isAuthorized(owner, msg.sender, agentId)) revert IdentityRegistry_NotAuthorized(agentId, msg.sender);
    }

    /// @dev Clears the payout wallet whenever the agent changes hands (not on mint).
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && from != to && _agentWallets[tokenId] != address(0)) {
            _setWallet(tokenId, address(0));
        }
    }
}
