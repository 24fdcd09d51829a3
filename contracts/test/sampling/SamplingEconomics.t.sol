// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {QuorumFixture} from "../quorum/utils/QuorumFixture.sol";
import {GameDriver} from "../dispute/utils/GameDriver.sol";
import {TraceBuilder, Trace} from "../tasks/utils/TraceBuilder.sol";
import {SamplingCoordinator} from "../../src/sampling/SamplingCoordinator.sol";
import {SampleStatus, SamplingParams} from "../../src/sampling/ISamplingCoordinator.sol";
import {ClaimProof, TaskState} from "../../src/tasks/ITasks.sol";
import {GameStatus, Party} from "../../src/dispute/lib/Types.sol";

/// docs/quorum.md "Economics: when cheating loses money", played with the real contracts:
/// Tasks, SamplingCoordinator and the DisputeGame (toy step verifier), at deployVouch's
/// defaults (minStake s = 100, protocol fee 1%, challenger bond 50, slash 10% to the treasury,
/// verifier bond 10, p = 10%) and the fixture's fee f = 10. An honest worker and a lazy worker
/// (it never computes and claims a wrong output) each make N sampled claims, one after another;
/// every claim is requested, drawn from a fixed seed, and a drawn verifier (honest) agrees to an
/// honest claim and escalates a lie by opening the dispute game, which is played move by move
/// to the one-step verification (GameDriver) and won by the verifier. Then every claim settles.
///
/// What a worker realises is read from the chain: wallet + bonded stake + credits in Tasks and
/// the StakeManager, after minus before. The worker is paid the fee net of the protocol fee,
/// f' = 9.9, so the formula is applied with f'. The compute cost c = 2 per honest claim is
/// off chain and subtracted from the honest worker's figure.
///
///   expected advantage of honesty per claim:  p (f' + s) - c   (docs/quorum.md)
///   the lazy worker's total: (N - K) f' - K s, K ~ Bin(N, p) the lies sampled, so its standard
///   deviation is (f' + s) sqrt(N p (1 - p)); the honest worker's total is N f' exactly.
///
/// The measured gap (honest - c N) - lazy must lie within 3 of those standard deviations of
/// N (p (f' + s) - c) (seeds are fixed, so the run is deterministic; 3 sd is what a fair coin
/// passes 99.7% of the time), and its sign must be the formula's: at p = 10% the lazy worker
/// loses, at p = 0.5% (below the break-even c / (f' + s) = 1.82%) it comes out ahead.
contract SamplingEconomicsTest is QuorumFixture, GameDriver {
    event log_named_uint(string key, uint256 val);
    event log_named_int(string key, int256 val);

    SamplingCoordinator internal sampling;
    address[] internal verifiers;
    address internal lazy;
    ClaimProof internal honestClaim;
    ClaimProof internal lyingClaim;
    Trace internal honest;
    Trace internal lying;

    /// The claim whose game is being played: who moves for each side.
    address internal moverWorker;
    address internal moverChallenger;

    uint256 internal constant COST = 2e18;
    uint16 internal constant DEFAULT_P_BPS = 1_000;

    function setUp() public {
        setUpQuorum(0);
        // deployVouch's DEFAULT_SAMPLING_PARAMS (src/chain/deploy/deployVouch.ts).
        sampling = new SamplingCoordinator(
            admin,
            tasks,
            game,
            quorum,
            stake,
            models,
            SamplingParams({samplingBps: DEFAULT_P_BPS, answerWindow: 300, drawDelay: 1, slashTreasuryBps: 1_000, verifierBond: 10e18})
        );
        tasks.bindSamplingCoordinator(address(sampling));
        vm.prank(admin);
        stake.setGame(address(sampling), true);
        for (uint256 i; i < 3; ++i) {
            address v = makeAddr(string.concat("econ-verifier", vm.toString(i)));
            require(token.transfer(v, 10_000e18), "fund");
            vm.startPrank(v);
            token.approve(address(stake), type(uint256).max);
            stake.bond(1_000e18);
            sampling.joinPool(4 * 10e18);
            vm.stopPrank();
            verifiers.push(v);
        }
        lazy = makeAddr("lazy");
        require(token.transfer(lazy, FUNDS), "fund");
        vm.startPrank(lazy);
        token.approve(address(stake), type(uint256).max);
        // Room for every slash of a long run (each sampled lie costs s).
        stake.bond(200 * uint256(MIN_STAKE));
        vm.stopPrank();
        honest = honestTrace(1);
        lying = lyingTrace(1, 1, 0);
        honestClaim = TraceBuilder.claimProof(honest);
        lyingClaim = TraceBuilder.claimProof(lying);
        // The fixture is deployVouch's defaults where the formula reads them.
        assertEq(uint256(MIN_STAKE), 100e18, "s");
        assertEq(uint256(FEE_BPS), 100, "protocol fee");
    }

    function moverAddress(Party p) internal view override returns (address) {
        return p == Party.Worker ? moverWorker : moverChallenger;
    }

    /// Everything a worker owns in the protocol's token.
    function wealthOf(address w) internal view returns (uint256) {
        return token.balanceOf(w) + stake.bondedOf(w) + tasks.creditsOf(w) + stake.creditsOf(w);
    }

    /// One sampled claim, played to settlement. Returns whether it was sampled.
    function playClaim(address w, bool lie, uint256 k) internal returns (bool sampled) {
        uint256 id = createTask(honest);
        vm.prank(w);
        tasks.claim(id, lie ? lyingClaim : honestClaim);
        sampling.requestSample(id);
        uint256 drawBlock = sampling.sampleOf(id).drawBlock;
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256(abi.encode("econ", k)));
        sampling.draw(id);
        address v = sampling.sampleOf(id).verifier;
        sampled = v != address(0);
        if (sampled && !lie) {
            vm.prank(v);
            sampling.agree(id);
        } else if (sampled) {
            // The honest verifier re-executed, disagrees, disputes and wins the game at the step.
            uint256 gameId = openAs(v, id, honest);
            vm.prank(v);
            sampling.escalateDispute(id, gameId);
            moverWorker = w;
            moverChallenger = v;
            playToEnd(gameId, lying, honest);
            assertEq(uint256(game.gameOf(gameId).status), uint256(GameStatus.ChallengerWon), "the honest side wins");
            assertEq(uint256(tasks.state(id)), uint256(TaskState.Rejected));
            return true;
        }
        vm.warp(block.timestamp + WINDOW);
        tasks.finalize(id);
        if (sampling.sampleOf(id).status == SampleStatus.Agreed) sampling.close(id);
    }

    struct Run {
        uint256 n;
        uint256 sampledLies;
        int256 honestGain;
        int256 lazyGain;
        /// (honest gain - c n) - lazy gain, measured and expected; sd of the lazy gain.
        int256 gap;
        int256 expectedGap;
        int256 sd;
    }

    /// n honest and n lazy claims, interleaved, at sampling probability pBps.
    function run(uint16 pBps, uint256 n, bool withHonest) internal returns (Run memory r) {
        vm.prank(admin);
        sampling.setSamplingBps(pBps);
        r.n = n;
        uint256 honestBefore = wealthOf(worker);
        uint256 lazyBefore = wealthOf(lazy);
        for (uint256 k; k < n; ++k) {
            if (withHonest) playClaim(worker, false, 2 * k);
            if (playClaim(lazy, true, 2 * k + 1)) ++r.sampledLies;
        }
        uint256 fNet = FEE - FEE * FEE_BPS / 10_000;
        // Without the honest run its figure is what it always is: every honest claim final.
        r.honestGain = withHonest ? int256(wealthOf(worker)) - int256(honestBefore) : int256(n * fNet);
        r.lazyGain = int256(wealthOf(lazy)) - int256(lazyBefore);
        if (withHonest) assertEq(r.honestGain, int256(n * fNet), "an honest worker earns f' per claim, sampled or not");
        // The accounting identity the formula rests on: a sampled lie costs s, an unsampled one pays f'.
        assertEq(r.lazyGain, int256((n - r.sampledLies) * fNet) - int256(r.sampledLies * MIN_STAKE), "lazy: (N - K) f' - K s");
        r.gap = r.honestGain - int256(n * COST) - r.lazyGain;
        // N (p (f' + s) - c), in wei: p = pBps / 10,000.
        r.expectedGap = int256(n * pBps * (fNet + MIN_STAKE) / 10_000) - int256(n * COST);
        r.sd = int256((fNet + MIN_STAKE) * sqrt(n * pBps * (10_000 - pBps)) / 10_000);
        emit log_named_uint("claims per worker", n);
        emit log_named_uint("lies sampled (K)", r.sampledLies);
        emit log_named_int("honest gain - c N (wei)", r.honestGain - int256(n * COST));
        emit log_named_int("lazy gain (wei)", r.lazyGain);
        emit log_named_int("gap measured (wei)", r.gap);
        emit log_named_int("gap expected N(p(f'+s)-c) (wei)", r.expectedGap);
        emit log_named_int("sd of the gap (wei)", r.sd);
        int256 off = r.gap - r.expectedGap;
        assertLe(uint256(off < 0 ? -off : off), uint256(3 * r.sd), "the gap is within 3 sd of the formula");
    }

    /// At the defaults (p = 10%): laziness loses p (f' + s) - c = 8.99 tokens per claim.
    function test_sampledClaims_lazyLosesAtDefaults_succeeds() public {
        Run memory r = run(DEFAULT_P_BPS, 300, true);
        assertTrue(r.gap > 0, "the lazy worker ends below the honest one");
        assertTrue(r.lazyGain < r.honestGain - int256(r.n * COST), "cheating lost money");
    }

    /// Below break-even (p = 0.5% < c / (f' + s) = 1.82%): the lazy worker comes out ahead by
    /// about c - p (f' + s) = 1.45 tokens per claim (expected 870 over 600 claims, sd 190).
    function test_sampledClaims_lazyAheadBelowBreakEven_succeeds() public {
        Run memory r = run(50, 600, false);
        assertTrue(r.gap < 0, "below break-even the lazy worker ends above the honest one");
    }

    function sqrt(uint256 x) internal pure returns (uint256 y) {
        if (x == 0) return 0;
        y = x;
        uint256 z = (x + 1) / 2;
        while (z < y) {
            y = z;
            z = (x / z + z) / 2;
        }
    }
}
