// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IProtocolParams, Params, ParamsOutOfRange, ParamsZeroTreasury} from "./IProtocolParams.sol";

/// @title ProtocolParams
/// @notice Holds Vouch's economic and timing parameters. The owner is the TimelockController,
/// so every change is a passed, queued and delayed governance proposal.
/// @dev One job: store values and keep each inside hard bounds written here. Bounds are in
/// code, not governable, so a captured governance cannot set a zero challenge window or send
/// every slash to the treasury. Consumers snapshot `params()` at task/dispute creation (see
/// IProtocolParams.Params); values read live are only: StakeManager's `unbondingDelay` (fixed
/// per request when the request is made) and `treasury` (where credits go, not a rule).
contract ProtocolParams is IProtocolParams, Ownable2Step {
    // ---------------------------------------------------------------- names (event/error keys)
    bytes32 public constant CHALLENGE_WINDOW = "challengeWindow";
    bytes32 public constant DISPUTE_MOVE_CLOCK = "disputeMoveClock";
    bytes32 public constant UNBONDING_DELAY = "unbondingDelay";
    bytes32 public constant SLASH_TREASURY_BPS = "slashTreasuryBps";
    bytes32 public constant PROTOCOL_FEE_BPS = "protocolFeeBps";
    bytes32 public constant MIN_STAKE = "minStake";
    bytes32 public constant CHALLENGER_BOND = "challengerBond";

    // ---------------------------------------------------------------- bounds (inclusive)
    /// Minutes, not days: an int8 trace dispute takes ~log2(tensors)+log2(leaves) moves.
    uint256 public constant MIN_CHALLENGE_WINDOW = 1 minutes;
    uint256 public constant MAX_CHALLENGE_WINDOW = 7 days;
    uint256 public constant MIN_DISPUTE_MOVE_CLOCK = 30 seconds;
    uint256 public constant MAX_DISPUTE_MOVE_CLOCK = 1 days;
    uint256 public constant MIN_UNBONDING_DELAY = 1 hours;
    uint256 public constant MAX_UNBONDING_DELAY = 30 days;
    /// The winner always gets at least half of a slash: challenging must stay worth it.
    uint256 public constant MIN_SLASH_TREASURY_BPS = 0;
    uint256 public constant MAX_SLASH_TREASURY_BPS = 5_000;
    uint256 public constant MIN_PROTOCOL_FEE_BPS = 0;
    uint256 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    /// One whole token at least, at most 1% of VouchToken's fixed supply.
    uint256 public constant MIN_MIN_STAKE = 1e18;
    uint256 public constant MAX_MIN_STAKE = 10_000_000e18;
    uint256 public constant MIN_CHALLENGER_BOND = 1e18;
    uint256 public constant MAX_CHALLENGER_BOND = 10_000_000e18;

    Params private _params;
    /// Number of successful setter calls (see IProtocolParams.version).
    uint256 private _version;

    /// @param initialOwner The TimelockController (or a deployer that hands over with
    /// transferOwnership + the timelock's acceptOwnership).
    /// @param initial Starting values; each must be inside its bounds.
    constructor(address initialOwner, Params memory initial) Ownable(initialOwner) {
        _checkRange(CHALLENGE_WINDOW, initial.challengeWindow, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        _checkRange(DISPUTE_MOVE_CLOCK, initial.disputeMoveClock, MIN_DISPUTE_MOVE_CLOCK, MAX_DISPUTE_MOVE_CLOCK);
        _checkRange(UNBONDING_DELAY, initial.unbondingDelay, MIN_UNBONDING_DELAY, MAX_UNBONDING_DELAY);
        _checkRange(SLASH_TREASURY_BPS, initial.slashTreasuryBps, MIN_SLASH_TREASURY_BPS, MAX_SLASH_TREASURY_BPS);
        _checkRange(PROTOCOL_FEE_BPS, initial.protocolFeeBps, MIN_PROTOCOL_FEE_BPS, MAX_PROTOCOL_FEE_BPS);
        _checkRange(MIN_STAKE, initial.minStake, MIN_MIN_STAKE, MAX_MIN_STAKE);
        _checkRange(CHALLENGER_BOND, initial.challengerBond, MIN_CHALLENGER_BOND, MAX_CHALLENGER_BOND);
        // INVARIANT: The treasury is an account that can withdraw its credits.
        if (initial.treasury == address(0)) revert ParamsZeroTreasury();
        _params = initial;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IProtocolParams
    function params() external view returns (Params memory) {
        return _params;
    }

    /// @inheritdoc IProtocolParams
    function version() external view returns (uint256) {
        return _version;
    }

    function challengeWindow() external view returns (uint64) {
        return _params.challengeWindow;
    }

    function disputeMoveClock() external view returns (uint64) {
        return _params.disputeMoveClock;
    }

    function unbondingDelay() external view returns (uint64) {
        return _params.unbondingDelay;
    }

    function slashTreasuryBps() external view returns (uint16) {
        return _params.slashTreasuryBps;
    }

    function protocolFeeBps() external view returns (uint16) {
        return _params.protocolFeeBps;
    }

    function treasury() external view returns (address) {
        return _params.treasury;
    }

    function minStake() external view returns (uint128) {
        return _params.minStake;
    }

    function challengerBond() external view returns (uint128) {
        return _params.challengerBond;
    }

    // ---------------------------------------------------------------- setters (owner = timelock)
    // Each setter takes uint256 so an out-of-range value reverts with ParamsOutOfRange
    // instead of being truncated by the ABI decoder; the bounds guarantee the downcast fits.

    function setChallengeWindow(uint256 value) external onlyOwner {
        _checkRange(CHALLENGE_WINDOW, value, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        uint256 old = _params.challengeWindow;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.challengeWindow = uint64(value);
        _bump();
        emit ParamUpdated(CHALLENGE_WINDOW, old, value);
    }

    function setDisputeMoveClock(uint256 value) external onlyOwner {
        _checkRange(DISPUTE_MOVE_CLOCK, value, MIN_DISPUTE_MOVE_CLOCK, MAX_DISPUTE_MOVE_CLOCK);
        uint256 old = _params.disputeMoveClock;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.disputeMoveClock = uint64(value);
        _bump();
        emit ParamUpdated(DISPUTE_MOVE_CLOCK, old, value);
    }

    function setUnbondingDelay(uint256 value) external onlyOwner {
        _checkRange(UNBONDING_DELAY, value, MIN_UNBONDING_DELAY, MAX_UNBONDING_DELAY);
        uint256 old = _params.unbondingDelay;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.unbondingDelay = uint64(value);
        _bump();
        emit ParamUpdated(UNBONDING_DELAY, old, value);
    }

    function setSlashTreasuryBps(uint256 value) external onlyOwner {
        _checkRange(SLASH_TREASURY_BPS, value, MIN_SLASH_TREASURY_BPS, MAX_SLASH_TREASURY_BPS);
        uint256 old = _params.slashTreasuryBps;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.slashTreasuryBps = uint16(value);
        _bump();
        emit ParamUpdated(SLASH_TREASURY_BPS, old, value);
    }

    function setProtocolFeeBps(uint256 value) external onlyOwner {
        _checkRange(PROTOCOL_FEE_BPS, value, MIN_PROTOCOL_FEE_BPS, MAX_PROTOCOL_FEE_BPS);
        uint256 old = _params.protocolFeeBps;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.protocolFeeBps = uint16(value);
        _bump();
        emit ParamUpdated(PROTOCOL_FEE_BPS, old, value);
    }

    function setMinStake(uint256 value) external onlyOwner {
        _checkRange(MIN_STAKE, value, MIN_MIN_STAKE, MAX_MIN_STAKE);
        uint256 old = _params.minStake;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.minStake = uint128(value);
        _bump();
        emit ParamUpdated(MIN_STAKE, old, value);
    }

    function setChallengerBond(uint256 value) external onlyOwner {
        _checkRange(CHALLENGER_BOND, value, MIN_CHALLENGER_BOND, MAX_CHALLENGER_BOND);
        uint256 old = _params.challengerBond;
        // forge-lint: disable-next-line(unsafe-typecast)
        _params.challengerBond = uint128(value);
        _bump();
        emit ParamUpdated(CHALLENGER_BOND, old, value);
    }

    function setTreasury(address newTreasury) external onlyOwner {
        // INVARIANT: The treasury is an account that can withdraw its credits.
        if (newTreasury == address(0)) revert ParamsZeroTreasury();
        address old = _params.treasury;
        _params.treasury = newTreasury;
        _bump();
        emit TreasuryUpdated(old, newTreasury);
    }

    // ---------------------------------------------------------------- internal

    function _bump() private {
        // One increment per governance call: cannot reach 2^256.
        unchecked {
            ++_version;
        }
    }

    function _checkRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        // INVARIANT: Every parameter stays inside the bounds fixed in this contract's code.
        if (value < min || value > max) revert ParamsOutOfRange(name, value, min, max);
    }
}
