// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-8004 Validation Registry, as Vouch deploys it.
/// @notice An agent's owner or operator asks a named validator to check some work, identified by
/// `requestHash`; only that validator may answer, with a value 0..100 that it may update later.
/// Vouch's Tasks contract is such a validator (docs/erc8004.md). Signatures follow the ERC-8004
/// text recorded in docs/erc8004.md; errors are Vouch's.
interface IValidationRegistry {
    // ------------------------------------------------------------------ events (ERC-8004 names)
    event ValidationRequest(
        address indexed validatorAddress, uint256 indexed agentId, string requestURI, bytes32 indexed requestHash
    );
    event ValidationResponse(
        address indexed validatorAddress,
        uint256 indexed agentId,
        bytes32 indexed requestHash,
        uint8 response,
        string responseURI,
        bytes32 responseHash,
        string tag
    );

    // ------------------------------------------------------------------ errors
    error ValidationRegistry_ZeroIdentityRegistry();
    error ValidationRegistry_AgentNotFound(uint256 agentId);
    /// @dev `caller` is neither the owner of `agentId`, approved for it, nor an operator of its owner.
    error ValidationRegistry_NotAgentOperator(uint256 agentId, address caller);
    error ValidationRegistry_ZeroValidator();
    /// @dev requestHash identifies a request, so it cannot be zero.
    error ValidationRegistry_ZeroRequestHash();
    error ValidationRegistry_EmptyRequestURI();
    /// @dev A request with this hash was already made (requests are never overwritten).
    error ValidationRegistry_RequestExists(bytes32 requestHash);
    error ValidationRegistry_RequestNotFound(bytes32 requestHash);
    /// @dev Only the validator named in the request may answer it.
    error ValidationRegistry_NotValidator(bytes32 requestHash, address caller, address validatorAddress);
    error ValidationRegistry_ResponseOutOfRange(uint8 response, uint8 maxResponse);

    // ------------------------------------------------------------------ writes
    function validationRequest(address validatorAddress, uint256 agentId, string calldata requestURI, bytes32 requestHash)
        external;

    function validationResponse(
        bytes32 requestHash,
        uint8 response,
        string calldata responseURI,
        bytes32 responseHash,
        string calldata tag
    ) external;

    // ------------------------------------------------------------------ reads
    function getIdentityRegistry() external view returns (address identityRegistry);

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
        );

    function getSummary(uint256 agentId, address[] calldata validatorAddresses, string calldata tag)
        external
        view
        returns (uint64 count, uint8 averageResponse);

    function getAgentValidations(uint256 agentId) external view returns (bytes32[] memory requestHashes);

    function getValidatorRequests(address validatorAddress) external view returns (bytes32[] memory requestHashes);

    /// @notice Vouch addition: whether `requestHash` was requested and whether it has been answered.
    function getRequestState(bytes32 requestHash) external view returns (bool exists, bool hasResponse);
}
