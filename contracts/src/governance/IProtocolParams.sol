// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Every protocol parameter, as one value a consumer can copy into its own storage.
/// @dev Consumers (Tasks, Dispute) copy the whole struct when a task or dispute is created
/// and read only their copy afterwards: a governance change never reaches an open game.
/// Storage layout in ProtocolParams (3 slots):
///
/// | slot | bits    | field            |
/// | ---- | ------- | ---------------- |
/// | 0    | 0..63   | challengeWindow  |
/// | 0    | 64..127 | disputeMoveClock |
/// | 0    | 128..191| unbondingDelay   |
/// | 0    | 192..207| slashTreasuryBps |
/// | 0    | 208..223| protocolFeeBps   |
/// | 1    | 0..159  | treasury         |
/// | 2    | 0..127  | minStake         |
/// | 2    | 128..255| challengerBond   |
struct Params {
    /// Seconds after a claim during which anyone may challenge it.
    uint64 challengeWindow;
    /// Seconds each party has to make its next dispute move before it loses by timeout.
    uint64 disputeMoveClock;
    /// Seconds between an unbond request and the moment the tokens can be withdrawn.
    uint64 unbondingDelay;
    /// Share of a slashed amount credited to the treasury, in basis points (rest: winner).
    uint16 slashTreasuryBps;
    /// Share of a task fee kept by the protocol, in basis points.
    uint16 protocolFeeBps;
    /// Account credited with the treasury share of slashes and the protocol fee.
    address treasury;
    /// Stake (token units) an agent must lock behind each claim.
    uint128 minStake;
    /// Bond (token units) a challenger posts to open a dispute.
    uint128 challengerBond;
}

/// @notice A parameter value outside the bounds fixed in ProtocolParams' code.
error ParamsOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);
/// @notice The treasury cannot be the zero address (credits to it could never be withdrawn).
error ParamsZeroTreasury();

/// @notice The read side of ProtocolParams: what Tasks/Dispute/StakeManager call.
interface IProtocolParams {
    /// @notice A numeric parameter changed (name is the field name, e.g. "challengeWindow").
    event ParamUpdated(bytes32 indexed name, uint256 oldValue, uint256 newValue);
    /// @notice The treasury account changed.
    event TreasuryUpdated(address indexed oldTreasury, address indexed newTreasury);

    /// @notice All parameters in one call: the snapshot a task or dispute stores at creation.
    function params() external view returns (Params memory);

    /// @notice Bumped by every setter (treasury included). A consumer that cached `params()`
    /// under version v re-reads them only when `version() != v`: one storage read instead of
    /// three, on every task.
    function version() external view returns (uint256);

    function challengeWindow() external view returns (uint64);
    function disputeMoveClock() external view returns (uint64);
    function unbondingDelay() external view returns (uint64);
    function slashTreasuryBps() external view returns (uint16);
    function protocolFeeBps() external view returns (uint16);
    function treasury() external view returns (address);
    function minStake() external view returns (uint128);
    function challengerBond() external view returns (uint128);
}
