// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "./utils/QuorumFixture.sol";
import {QuorumTasks} from "../../src/quorum/QuorumTasks.sol";
import {QuorumStatus} from "../../src/quorum/IQuorumTasks.sol";

interface CoolCheatcode {
    function cool(address target) external;
}

/// @notice Gas of one whole quorum task per committee size (docs/gas.md "Quorum"): createTask,
/// drawCommittee, n commits, n reveals, settle. Each call is its own transaction (isolate) with
/// every account cooled first; per transaction: execution (gasleft around the call) + calldata
/// (16 / 4 gas per non-zero / zero byte) + 21,000. Measured on the second task of the same
/// committee size (the first pays one-time slots: members' first credits, the treasury's).
/// Run: forge test --match-contract QuorumGasTest -vv
/// forge-config: default.isolate = true
contract QuorumGasTest is QuorumFixture {
    event log_named_string(string key, string val);

    uint256 internal constant TX_BASE = 21_000;
    bytes32 internal constant A = keccak256("label 7");
    bytes32 internal constant B = keccak256("label 1");

    struct Sum {
        uint256 create;
        uint256 draw;
        uint256 commit;
        uint256 reveal;
        uint256 settle;
        uint256 total;
    }

    function setUp() public {
        setUpQuorum(12);
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) gas += data[i] == 0 ? 4 : 16;
    }

    /// @dev One transaction as `who`: execution + calldata + base.
    function _tx(address who, bytes memory data) internal returns (uint256) {
        address[5] memory accounts = [address(quorum), address(stake), address(params), address(token), address(validation)];
        for (uint256 i; i < accounts.length; ++i) CoolCheatcode(address(vm)).cool(accounts[i]);
        vm.prank(who);
        uint256 g = gasleft();
        (bool ok, bytes memory ret) = address(quorum).call(data);
        uint256 used = g - gasleft();
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        return used + _calldataGas(data) + TX_BASE;
    }

    /// @dev One task of `n` seats; seat 0 deviates when `oneDeviant`.
    function _task(uint256 n, bool oneDeviant) internal returns (Sum memory s) {
        bytes32[] memory inputs = new bytes32[](1);
        inputs[0] = keccak256(abi.encode("prompt", quorum.taskCount()));
        uint256 id = quorum.taskCount() + 1;
        s.create = _tx(requester, abi.encodeCall(QuorumTasks.createTask, (canonId, inputs, Q_FEE, n, "")));
        uint256 drawBlock = quorum.taskOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256(abi.encode("block", id)));
        s.draw = _tx(worker, abi.encodeCall(QuorumTasks.drawCommittee, (id)));
        address[] memory m = quorum.committeeOf(id);
        for (uint256 i; i < n; ++i) {
            bytes32 r = oneDeviant && i == 0 ? B : A;
            bytes32 c = keccak256(abi.encode(r, saltOf(m[i], id), m[i]));
            s.commit += _tx(m[i], abi.encodeCall(QuorumTasks.commit, (id, i, c)));
        }
        for (uint256 i; i < n; ++i) {
            bytes32 r = oneDeviant && i == 0 ? B : A;
            s.reveal += _tx(m[i], abi.encodeCall(QuorumTasks.reveal, (id, i, r, saltOf(m[i], id))));
        }
        s.settle = _tx(worker, abi.encodeCall(QuorumTasks.settle, (id)));
        assertEq(uint256(quorum.taskOf(id).status), uint256(QuorumStatus.Finalized));
        s.total = s.create + s.draw + s.commit + s.reveal + s.settle;
    }

    function _measure(uint256 n) internal {
        _task(n, false);
        Sum memory h = _task(n, false);
        Sum memory d = _task(n, true);
        emit log_named_string(
            string.concat("n = ", vm.toString(n)),
            string.concat(
                "create ", vm.toString(h.create), ", draw ", vm.toString(h.draw), ", commit ", vm.toString(h.commit / n),
                " each, reveal ", vm.toString(h.reveal / n), " each, settle ", vm.toString(h.settle), " (one deviant: ",
                vm.toString(d.settle), "); total ", vm.toString(h.total), " (one deviant: ", vm.toString(d.total), ")"
            )
        );
    }

    function test_gas_quorum3_succeeds() public {
        _measure(3);
    }

    function test_gas_quorum5_succeeds() public {
        _measure(5);
    }

    function test_gas_quorum7_succeeds() public {
        _measure(7);
    }
}
