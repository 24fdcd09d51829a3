// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VouchFixture} from "../../tasks/utils/VouchFixture.sol";
import {TraceBuilder, Trace} from "../../tasks/utils/TraceBuilder.sol";
import {LEAF_SIZE} from "../../../src/lib/CommitConstants.sol";
import {Game, GameStatus, Party, Phase} from "../../../src/dispute/lib/Types.sol";

/// @dev Plays a game move by move: each party answers from its own trace (honest or not;
/// a lying trace is still a consistent commitment, so its owner can always move).
abstract contract GameDriver is VouchFixture {
    /// @dev The address the mover acts from (tests override it to impersonate).
    function moverAddress(Party p) internal view virtual returns (address) {
        return p == Party.Worker ? worker : challenger;
    }

    /// @dev The step's proof (the toy verifier needs none).
    function stepProof(Game memory, Trace memory) internal view virtual returns (bytes memory) {
        return "";
    }

    /// @dev Makes the next move of the game. Returns false once the game is over.
    function playMove(uint256 gameId, Trace memory w, Trace memory c) internal returns (bool) {
        Game memory g = game.gameOf(gameId);
        if (g.status != GameStatus.InProgress) return false;
        Trace memory me = g.turn == Party.Worker ? w : c;
        address who = moverAddress(g.turn);
        uint256 depth = g.position.depth();
        uint256 index = g.position.indexAtDepth();
        uint256 j = g.traceIndex;
        if (g.phase == Phase.TraceBisection) {
            (bytes32 l, bytes32 r) = TraceBuilder.traceChildren(me, depth, index);
            vm.prank(who);
            game.bisect(gameId, l, r);
        } else if (g.phase == Phase.TensorHeader) {
            uint256 opIndex = j - 1;
            int256[] memory d = toy.descriptors[opIndex];
            bytes32[] memory proof = TraceBuilder.opProof(toy, opIndex);
            vm.prank(who);
            game.revealTensorRoot(gameId, TraceBuilder.tensorRoot(me, j), d, proof);
        } else if (g.phase == Phase.TensorBisection) {
            (bytes32 l, bytes32 r) = TraceBuilder.tensorChildren(me, j, depth, index);
            vm.prank(who);
            game.bisect(gameId, l, r);
        } else if (g.phase == Phase.LeafReveal) {
            bytes memory wl = TraceBuilder.leaf(w, j, index);
            if (g.turn == Party.Worker) {
                vm.prank(who);
                game.revealLeaf(gameId, wl);
            } else {
                bytes memory cl = TraceBuilder.leaf(c, j, index);
                uint256 e = firstDifference(wl, cl);
                vm.prank(who);
                game.pickElement(gameId, cl, wl, index * LEAF_SIZE + e);
            }
        } else {
            bytes memory proof = stepProof(g, w);
            vm.prank(who);
            game.step(gameId, proof);
        }
        return true;
    }

    function firstDifference(bytes memory a, bytes memory b) internal pure returns (uint256 i) {
        while (i < a.length && a[i] == b[i]) ++i;
    }

    /// @dev Plays until resolution; returns the number of moves made.
    function playToEnd(uint256 gameId, Trace memory w, Trace memory c) internal returns (uint256 moves) {
        while (playMove(gameId, w, c)) ++moves;
    }
}
