// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VouchFixture} from "../../tasks/utils/VouchFixture.sol";
import {QuorumTasks} from "../../../src/quorum/QuorumTasks.sol";
import {Canonicalisation, QuorumParams} from "../../../src/quorum/IQuorumTasks.sol";

/// @dev The protocol (VouchFixture) plus QuorumTasks, authorized as a game, a declared
/// canonicalisation, and `poolSize` funded agents that bonded and joined the pool.
abstract contract QuorumFixture is VouchFixture {
    QuorumTasks internal quorum;
    bytes32 internal canonId;
    bytes32 internal constant LLM_MODEL = keccak256("llama-3-8b-instruct.Q4_K_M.gguf");
    address[] internal pool;

    uint96 internal constant MEMBER_STAKE = 20e18;
    uint32 internal constant COMMIT_WINDOW = 5 minutes;
    uint32 internal constant REVEAL_WINDOW = 5 minutes;
    uint16 internal constant Q_SLASH_BPS = 2_000;
    uint8 internal constant DRAW_DELAY = 2;
    uint256 internal constant Q_FEE = 9e18;
    /// Each pool member reserves this much: enough for RESERVE_SEATS open seats at once.
    uint256 internal constant RESERVE_SEATS = 4;

    function quorumParams() internal pure returns (QuorumParams memory) {
        return QuorumParams({
            commitWindow: COMMIT_WINDOW,
            revealWindow: REVEAL_WINDOW,
            slashTreasuryBps: Q_SLASH_BPS,
            minCommittee: 1,
            maxCommittee: 15,
            drawDelay: DRAW_DELAY,
            memberStake: MEMBER_STAKE
        });
    }

    function setUpQuorum(uint256 poolSize) internal {
        setUpVouch(1, 1);
        quorum = new QuorumTasks(admin, token, params, stake, validation, quorumParams());
        vm.prank(admin);
        stake.setGame(address(quorum), true);
        canonId = quorum.registerCanonicalisation(LLM_MODEL, Canonicalisation.Top1Label, 0);
        vm.prank(requester);
        token.approve(address(quorum), type(uint256).max);
        for (uint256 i; i < poolSize; ++i) addMember(string.concat("member", vm.toString(i)));
    }

    function addMember(string memory name) internal returns (address m) {
        m = makeAddr(name);
        require(token.transfer(m, 1_000e18), "fund");
        vm.startPrank(m);
        token.approve(address(stake), type(uint256).max);
        stake.bond(RESERVE_SEATS * MEMBER_STAKE + 100e18);
        quorum.joinPool(RESERVE_SEATS * MEMBER_STAKE);
        vm.stopPrank();
        pool.push(m);
    }

    function createQuorumTask(uint256 size) internal returns (uint256 taskId) {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = keccak256(abi.encode("prompt", quorum.taskCount()));
        vm.prank(requester);
        taskId = quorum.createTask(canonId, inputs, Q_FEE, size, "");
    }

    /// @dev Moves past the draw block, gives it `hash` and draws.
    function drawWith(uint256 taskId, bytes32 hash) internal returns (address[] memory members) {
        uint256 drawBlock = quorum.taskOf(taskId).drawBlock;
        if (block.number <= drawBlock) vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, hash);
        quorum.drawCommittee(taskId);
        members = quorum.committeeOf(taskId);
    }

    function draw(uint256 taskId) internal returns (address[] memory) {
        return drawWith(taskId, keccak256(abi.encode("block", taskId)));
    }

    function saltOf(address member, uint256 taskId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", member, taskId));
    }

    function commitAs(uint256 taskId, uint256 seat, address member, bytes32 result) internal {
        vm.prank(member);
        quorum.commit(taskId, seat, keccak256(abi.encode(result, saltOf(member, taskId), member)));
    }

    function revealAs(uint256 taskId, uint256 seat, address member, bytes32 result) internal {
        vm.prank(member);
        quorum.reveal(taskId, seat, result, saltOf(member, taskId));
    }

    /// @dev Seat i commits results[i] (bytes32(0): stays silent), then reveals unless reveal[i] is false.
    function play(uint256 taskId, bytes32[] memory results, bool[] memory reveals) internal {
        address[] memory members = quorum.committeeOf(taskId);
        for (uint256 i; i < members.length; ++i) {
            if (results[i] != bytes32(0)) commitAs(taskId, i, members[i], results[i]);
        }
        vm.warp(quorum.taskOf(taskId).commitDeadline + 1);
        for (uint256 i; i < members.length; ++i) {
            if (results[i] != bytes32(0) && reveals[i]) revealAs(taskId, i, members[i], results[i]);
        }
        vm.warp(quorum.taskOf(taskId).revealDeadline + 1);
    }

    function allReveal(uint256 n) internal pure returns (bool[] memory r) {
        r = new bool[](n);
        for (uint256 i; i < n; ++i) r[i] = true;
    }
}
