// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ProtocolParams} from "../../src/governance/ProtocolParams.sol";
import {IProtocolParams, Params, ParamsOutOfRange, ParamsZeroTreasury} from
    "../../src/governance/IProtocolParams.sol";

/// @dev What a Tasks/Dispute contract does: copy the whole parameter struct when a game is
/// created and read only the copy afterwards.
contract SnapshotConsumer {
    IProtocolParams internal immutable _source;
    mapping(uint256 gameId => Params) internal _snapshots;
    uint256 internal _nextId;

    constructor(IProtocolParams source) {
        _source = source;
    }

    function open() external returns (uint256 gameId) {
        gameId = _nextId++;
        _snapshots[gameId] = _source.params();
    }

    function snapshotOf(uint256 gameId) external view returns (Params memory) {
        return _snapshots[gameId];
    }
}

function defaultParams(address treasury) pure returns (Params memory) {
    return Params({
        challengeWindow: 10 minutes,
        disputeMoveClock: 2 minutes,
        unbondingDelay: 1 days,
        slashTreasuryBps: 1_000,
        protocolFeeBps: 100,
        treasury: treasury,
        minStake: 100e18,
        challengerBond: 50e18
    });
}

contract ProtocolParamsTest is Test {
    ProtocolParams internal params;
    address internal owner;
    address internal treasury;
    address internal stranger;

    struct Setter {
        bytes4 selector;
        bytes32 name;
        uint256 min;
        uint256 max;
    }

    function setUp() public {
        owner = makeAddr("timelock");
        treasury = makeAddr("treasury");
        stranger = makeAddr("stranger");
        params = new ProtocolParams(owner, defaultParams(treasury));
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_storesInitialValues_succeeds() public view {
        Params memory p = params.params();
        Params memory d = defaultParams(treasury);
        assertEq(keccak256(abi.encode(p)), keccak256(abi.encode(d)));
        assertEq(params.owner(), owner);
        assertEq(uint256(params.challengeWindow()), 10 minutes);
        assertEq(uint256(params.disputeMoveClock()), 2 minutes);
        assertEq(uint256(params.unbondingDelay()), 1 days);
        assertEq(uint256(params.slashTreasuryBps()), 1_000);
        assertEq(uint256(params.protocolFeeBps()), 100);
        assertEq(params.treasury(), treasury);
        assertEq(uint256(params.minStake()), 100e18);
        assertEq(uint256(params.challengerBond()), 50e18);
    }

    function test_constructor_outOfRange_reverts() public {
        Params memory p = defaultParams(treasury);
        p.challengeWindow = 59;
        vm.expectRevert(
            abi.encodeWithSelector(ParamsOutOfRange.selector, bytes32("challengeWindow"), 59, 1 minutes, 7 days)
        );
        new ProtocolParams(owner, p);
    }

    function test_constructor_treasuryBpsTooHigh_reverts() public {
        Params memory p = defaultParams(treasury);
        p.slashTreasuryBps = 5_001;
        vm.expectRevert(abi.encodeWithSelector(ParamsOutOfRange.selector, bytes32("slashTreasuryBps"), 5_001, 0, 5_000));
        new ProtocolParams(owner, p);
    }

    function test_constructor_zeroTreasury_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ParamsZeroTreasury.selector));
        new ProtocolParams(owner, defaultParams(address(0)));
    }

    // ---------------------------------------------------------------- setters, table-driven

    function _setters() internal view returns (Setter[7] memory s) {
        s[0] = Setter(ProtocolParams.setChallengeWindow.selector, "challengeWindow", 1 minutes, 7 days);
        s[1] = Setter(ProtocolParams.setDisputeMoveClock.selector, "disputeMoveClock", 30 seconds, 1 days);
        s[2] = Setter(ProtocolParams.setUnbondingDelay.selector, "unbondingDelay", 1 hours, 30 days);
        s[3] = Setter(ProtocolParams.setSlashTreasuryBps.selector, "slashTreasuryBps", 0, 5_000);
        s[4] = Setter(ProtocolParams.setProtocolFeeBps.selector, "protocolFeeBps", 0, 1_000);
        s[5] = Setter(ProtocolParams.setMinStake.selector, "minStake", 1e18, 10_000_000e18);
        s[6] = Setter(ProtocolParams.setChallengerBond.selector, "challengerBond", 1e18, 10_000_000e18);
        // The bounds this table checks are the contract's published constants.
        assertEq(params.MAX_CHALLENGE_WINDOW(), 7 days);
        assertEq(params.MIN_UNBONDING_DELAY(), 1 hours);
        assertEq(params.MAX_SLASH_TREASURY_BPS(), 5_000);
        assertEq(params.MAX_MIN_STAKE(), 10_000_000e18);
    }

    /// @dev Reads a numeric field back from the snapshot struct by setter index.
    function _field(uint256 i) internal view returns (uint256) {
        Params memory p = params.params();
        if (i == 0) return p.challengeWindow;
        if (i == 1) return p.disputeMoveClock;
        if (i == 2) return p.unbondingDelay;
        if (i == 3) return p.slashTreasuryBps;
        if (i == 4) return p.protocolFeeBps;
        if (i == 5) return p.minStake;
        return p.challengerBond;
    }

    function testFuzz_setParam_inRange_succeeds(uint256 which, uint256 value) public {
        which = bound(which, 0, 6);
        Setter memory s = _setters()[which];
        value = bound(value, s.min, s.max);
        uint256 old = _field(which);
        uint256 version = params.version();

        vm.expectEmit(true, false, false, true, address(params));
        emit IProtocolParams.ParamUpdated(s.name, old, value);
        vm.prank(owner);
        (bool ok,) = address(params).call(abi.encodeWithSelector(s.selector, value));
        assertTrue(ok, "setter reverted in range");
        assertEq(_field(which), value);
        assertEq(params.version(), version + 1, "every change bumps the version consumers cache by");
    }

    function testFuzz_setParam_outOfRange_reverts(uint256 which, uint256 value, bool above) public {
        which = bound(which, 0, 6);
        Setter memory s = _setters()[which];
        if (above || s.min == 0) value = bound(value, s.max + 1, type(uint256).max);
        else value = bound(value, 0, s.min - 1);
        uint256 old = _field(which);
        uint256 version = params.version();

        vm.prank(owner);
        (bool ok, bytes memory ret) = address(params).call(abi.encodeWithSelector(s.selector, value));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(ParamsOutOfRange.selector, s.name, value, s.min, s.max));
        assertEq(_field(which), old, "value unchanged");
        assertEq(params.version(), version, "version unchanged");
    }

    function testFuzz_setParam_notOwner_reverts(uint256 which, address caller) public {
        vm.assume(caller != owner);
        which = bound(which, 0, 6);
        Setter memory s = _setters()[which];

        vm.prank(caller);
        (bool ok, bytes memory ret) = address(params).call(abi.encodeWithSelector(s.selector, s.min));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
    }

    function test_setChallengeWindow_atBounds_succeeds() public {
        vm.startPrank(owner);
        params.setChallengeWindow(1 minutes);
        assertEq(uint256(params.challengeWindow()), 1 minutes);
        params.setChallengeWindow(7 days);
        assertEq(uint256(params.challengeWindow()), 7 days);
        vm.stopPrank();
    }

    function test_setChallengeWindow_truncatingValue_reverts() public {
        // 2^64 + 60 would become 60 if the setter took a uint64; it must be refused instead.
        uint256 value = (uint256(1) << 64) + 60;
        vm.expectRevert(
            abi.encodeWithSelector(ParamsOutOfRange.selector, bytes32("challengeWindow"), value, 1 minutes, 7 days)
        );
        vm.prank(owner);
        params.setChallengeWindow(value);
    }

    function test_setTreasury_newAccount_succeeds() public {
        address next = makeAddr("next treasury");
        assertEq(params.version(), 0);
        vm.expectEmit(true, true, false, true, address(params));
        emit IProtocolParams.TreasuryUpdated(treasury, next);
        vm.prank(owner);
        params.setTreasury(next);
        assertEq(params.treasury(), next);
        assertEq(params.params().treasury, next);
        assertEq(params.version(), 1, "a treasury change is a change too");
    }

    function test_setTreasury_zero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ParamsZeroTreasury.selector));
        vm.prank(owner);
        params.setTreasury(address(0));
    }

    function test_setTreasury_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        params.setTreasury(stranger);
    }

    // ---------------------------------------------------------------- snapshot rule

    function test_params_snapshotUnaffectedByLaterChange_succeeds() public {
        SnapshotConsumer consumer = new SnapshotConsumer(params);
        uint256 before = consumer.open();

        vm.startPrank(owner);
        params.setChallengeWindow(1 hours);
        params.setSlashTreasuryBps(5_000);
        params.setMinStake(1_000e18);
        vm.stopPrank();
        uint256 later = consumer.open();

        Params memory a = consumer.snapshotOf(before);
        assertEq(uint256(a.challengeWindow), 10 minutes, "open game keeps its window");
        assertEq(uint256(a.slashTreasuryBps), 1_000);
        assertEq(uint256(a.minStake), 100e18);
        Params memory b = consumer.snapshotOf(later);
        assertEq(uint256(b.challengeWindow), 1 hours, "new game sees the new window");
        assertEq(uint256(b.slashTreasuryBps), 5_000);
        assertEq(uint256(b.minStake), 1_000e18);
    }

    function test_transferOwnership_twoStep_succeeds() public {
        address next = makeAddr("next timelock");
        vm.prank(owner);
        params.transferOwnership(next);
        assertEq(params.owner(), owner, "old owner until accepted");
        vm.prank(next);
        params.acceptOwnership();
        assertEq(params.owner(), next);
    }
}
