// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IIdentityRegistry} from "../../../src/identity/interfaces/IIdentityRegistry.sol";
import {IValidationRegistry} from "../../../src/identity/interfaces/IValidationRegistry.sol";

/// @dev A stand-in for Vouch's Tasks contract, reduced to its ERC-8004 duties: it publishes each
/// settled claim as a validationResponse, following the rules proposed in docs/erc8004.md.
contract ToyTasks {
    event ClaimSettled(uint256 indexed taskId, uint256 indexed agentId, bool final_, bool published);

    error ToyTasks_NotAgentManager(uint256 agentId, address caller);

    struct Claim {
        uint256 agentId;
        bytes32 salt;
        bytes32 commitment;
    }

    IIdentityRegistry private immutable _identity;
    IValidationRegistry private immutable _validation;
    mapping(uint256 taskId => Claim) private _claims;

    constructor(IIdentityRegistry identity_, IValidationRegistry validation_) {
        _identity = identity_;
        _validation = validation_;
    }

    /// @notice The request hash an agent must use for its validation request of `taskId`.
    function requestHashFor(uint256 taskId, uint256 agentId, bytes32 salt) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), taskId, agentId, salt));
    }

    function claim(uint256 taskId, uint256 agentId, bytes32 salt, bytes32 commitment) external {
        // INVARIANT: Only someone who manages the agent claims work in its name.
        if (!_identity.isAuthorizedOrOwner(msg.sender, agentId)) {
            revert ToyTasks_NotAgentManager(agentId, msg.sender);
        }
        _claims[taskId] = Claim(agentId, salt, commitment);
    }

    /// @notice Settles a claim: final (100) or proven wrong (0), tagged by verification mode.
    function settle(uint256 taskId, bool final_, string calldata modeTag) external {
        Claim storage c = _claims[taskId];
        bytes32 requestHash = requestHashFor(taskId, c.agentId, c.salt);
        bool published = _requestIsOurs(requestHash, c.agentId);
        if (published) {
            _validation.validationResponse(requestHash, final_ ? 100 : 0, "", c.commitment, modeTag);
        }
        emit ClaimSettled(taskId, c.agentId, final_, published);
    }

    /// @dev A request counts only if it exists, names this contract and the claiming agent.
    function _requestIsOurs(bytes32 requestHash, uint256 agentId) private view returns (bool) {
        (bool exists,) = _validation.getRequestState(requestHash);
        if (!exists) return false;
        (address validator, uint256 requestAgent,,,,) = _validation.getValidationStatus(requestHash);
        return validator == address(this) && requestAgent == agentId;
    }
}
