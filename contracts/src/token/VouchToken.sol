// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @notice Thrown when the initial holder is the zero address (the supply would be burned).
error TokenZeroHolder();

/// @title VouchToken
/// @notice The one Vouch token: agents bond it as stake, requesters pay fees in it, and its
/// holders govern the protocol (ERC20Votes checkpoints feed the Governor). ERC20Permit lets
/// an agent approve the StakeManager with a signature instead of a transaction.
/// @dev The supply is fixed: INITIAL_SUPPLY is minted once to a holder chosen by the
/// deployer and there is no mint function. Nothing in the protocol creates tokens: fees
/// are paid by requesters, rewards for winning a dispute come from the loser's stake, so
/// a fixed supply keeps "tokens are never created or lost" checkable as one equation.
/// The voting clock is the default block number (OpenZeppelin's `clock()`), which the
/// Governor reads through GovernorVotes.
contract VouchToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice One billion tokens with 18 decimals (well under ERC20Votes' uint208 cap).
    uint256 public constant INITIAL_SUPPLY = 1_000_000_000e18;

    constructor(address initialHolder) ERC20("Vouch", "VOUCH") ERC20Permit("Vouch") {
        // INVARIANT: The supply is minted to an account that can move it.
        if (initialHolder == address(0)) revert TokenZeroHolder();
        _mint(initialHolder, INITIAL_SUPPLY);
    }

    // ---------------------------------------------------------------- required overrides

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
