// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IValidationRegistry} from "./interfaces/IValidationRegistry.sol";

/// @title ValidationRegistry
/// @notice ERC-8004 Validation Registry. An agent's owner or operator records a request naming a
/// validator; the validator answers with 0..100 and may answer again (progressive finality, or a
/// later correction). Incentives and slashing live in the validator: for Vouch that is the Tasks
/// contract, which posts 100 for a final result and 0 for one proven wrong, tagged by mode.
/// @dev Talks to the identity registry through plain ERC-721 calls only.
contract ValidationRegistry is IValidationRegistry {
    /// @notice Largest response value.
    uint8 public constant MAX_RESPONSE = 100;

    /// @dev One request and its latest answer.
    /// Slot 0: validatorAddress (20 bytes) | response (1) | hasResponse (1) | lastUpdate (8).
    struct Validation {
        address validatorAddress;
        uint8 response;
        bool hasResponse;
        uint64 lastUpdate;
        uint256 agentId;
        bytes32 responseHash;
        string tag;
    }

    IERC721 private immutable _identityRegistry;

    mapping(bytes32 requestHash => Validation) private _validations;
    mapping(uint256 agentId => bytes32[] requestHashes) private _agentValidations;
    mapping(address validator => bytes32[] requestHashes) private _validatorRequests;

    constructor(address identityRegistry_) {
        // INVARIANT: Requests are always about agents of one real identity registry.
        if (identityRegistry_ == address(0)) revert ValidationRegistry_ZeroIdentityRegistry();
        _identityRegistry = IERC721(identityRegistry_);
    }

    // ================================================================== writes

    /// @inheritdoc IValidationRegistry
    function validationRequest(address validatorAddress, uint256 agentId, string calldata requestURI, bytes32 requestHash)
        external
    {
        // INVARIANT: A request names a validator that can answer it.
        if (validatorAddress == address(0)) revert ValidationRegistry_ZeroValidator();
        // INVARIANT: A request is identified by a non-zero hash.
        if (requestHash == bytes32(0)) revert ValidationRegistry_ZeroRequestHash();
        // INVARIANT: A request points at the data the validator needs.
        if (bytes(requestURI).length == 0) revert ValidationRegistry_EmptyRequestURI();
        // INVARIANT: Requests are never overwritten, so nobody can redirect an open one.
        if (_validations[requestHash].validatorAddress != address(0)) {
            revert ValidationRegistry_RequestExists(requestHash);
        }
        _requireAgentOperator(agentId);

        Validation storage v = _validations[requestHash];
        v.validatorAddress = validatorAddress;
        v.lastUpdate = uint64(block.timestamp);
        v.agentId = agentId;
        _agentValidations[agentId].push(requestHash);
        _validatorRequests[validatorAddress].push(requestHash);

        emit ValidationRequest(validatorAddress, agentId, requestURI, requestHash);
    }

    /// @inheritdoc IValidationRegistry
    function validationResponse(
        bytes32 requestHash,
        uint8 response,
        string calldata responseURI,
        bytes32 responseHash,
        string calldata tag
    ) external {
        Validation storage v = _validations[requestHash];
        address validatorAddress = v.validatorAddress;
        // INVARIANT: Only requested validations can be answered.
        if (validatorAddress == address(0)) revert ValidationRegistry_RequestNotFound(requestHash);
        // INVARIANT: Only the validator named in the request answers it.
        if (msg.sender != validatorAddress) {
            revert ValidationRegistry_NotValidator(requestHash, msg.sender, validatorAddress);
        }
        // INVARIANT: Responses are percentages, 0..100.
        if (response > MAX_RESPONSE) revert ValidationRegistry_ResponseOutOfRange(response, MAX_RESPONSE);

        v.response = response;
        v.hasResponse = true;
        v.lastUpdate = uint64(block.timestamp);
        v.responseHash = responseHash;
        v.tag = tag;

        emit ValidationResponse(validatorAddress, v.agentId, requestHash, response, responseURI, responseHash, tag);
    }

    // ================================================================== reads

    /// @inheritdoc IValidationRegistry
    function getIdentityRegistry() external view returns (address) {
        return address(_identityRegistry);
    }

    /// @inheritdoc IValidationRegistry
    /// @dev Reverts for unknown hashes; response, responseHash and tag are zero/empty until answered
    /// (getRequestState tells "unanswered" from "answered 0"). lastUpdate is the request time until
    /// the first answer.
    function getValidationStatus(bytes32 requestHash)
        external
        view
        returns (
            address validatorAddress,
            uint256 agentId,
            uint8 response,
            bytes32 responseHash,
            string memory tag,
            uint256 lastUpdate
        )
    {
        Validation storage v = _validations[requestHash];
        if (v.validatorAddress == address(0)) revert ValidationRegistry_RequestNotFound(requestHash);
        return (v.validatorAddress, v.agentId, v.response, v.responseHash, v.tag, v.lastUpdate);
    }

    /// @inheritdoc IValidationRegistry
    /// @dev Counts answered requests only. Empty validatorAddresses = every validator; empty tag =
    /// every tag. averageResponse is truncated toward zero.
    function getSummary(uint256 agentId, address[] calldata validatorAddresses, string calldata tag)
        external
        view
        returns (uint64 count, uint8 averageResponse)
    {
        bool anyTag = bytes(tag).length == 0;
        bytes32 tagHash = keccak256(bytes(tag));
        bytes32[] storage hashes = _agentValidations[agentId];
        uint256 sum = 0;
        for (uint256 i = 0; i < hashes.length; ++i) {
            Validation storage v = _validations[hashes[i]];
            if (!v.hasResponse) continue;
            if (!anyTag && keccak256(bytes(v.tag)) != tagHash) continue;
            if (validatorAddresses.length != 0 && !_contains(validatorAddresses, v.validatorAddress)) continue;
            sum += v.response;
            ++count;
        }
        // casting to 'uint8' is safe because a mean of values <= 100 is <= 100.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (count != 0) averageResponse = uint8(sum / count);
    }

    /// @inheritdoc IValidationRegistry
    function getAgentValidations(uint256 agentId) external view returns (bytes32[] memory) {
        return _agentValidations[agentId];
    }

    /// @inheritdoc IValidationRegistry
    function getValidatorRequests(address validatorAddress) external view returns (bytes32[] memory) {
        return _validatorRequests[validatorAddress];
    }

    /// @inheritdoc IValidationRegistry
    function getRequestState(bytes32 requestHash) external view returns (bool exists, bool hasResponse) {
        Validation storage v = _validations[requestHash];
        return (v.validatorAddress != address(0), v.hasResponse);
    }

    // ================================================================== internals

    /// @dev Reverts unless msg.sender owns `agentId`, is approved for it, or operates its owner's agents.
    function _requireAgentOperator(uint256 agentId) private view {
        address owner;
        try _identityRegistry.ownerOf(agentId) returns (address o) {
            owner = o;
        } catch {}
        // INVARIANT: Validation is only requested for registered agents.
        if (owner == address(0)) revert ValidationRegistry_AgentNotFound(agentId);
        // INVARIANT: Only the agent's owner or operator asks for its work to be validated.
        if (
            msg.sender != owner && !_identityRegistry.isApprovedForAll(owner, msg.sender)
                && _identityRegistry.getApproved(agentId) != msg.sender
        ) revert ValidationRegistry_NotAgentOperator(agentId, msg.sender);
    }

    function _contains(address[] calldata list, address account) private pure returns (bool) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == account) return true;
        }
        return false;
    }
}
