// The Vouch dashboard: reads the read-only API (src/api) through the TypeScript SDK (src/sdk,
// served bundled as /dashboard/sdk.js) and redraws on every "changed" event of GET /api/events
// (SSE). No build step in the repository: DOM, SVG and canvas by hand.

import { createVouchSdk } from './sdk.js';

const sdk = createVouchSdk({ apiUrl: location.origin });

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const LEAF_BYTES = 256;
const TASKS_SHOWN = 20;

const QUORUM_SHOWN = 6;
const SAMPLES_SHOWN = 12;

const state = { stats: null, agents: [], tasks: [], disputes: [], quorum: [], samples: [], flows: null, network: null, fetchedAt: 0, selectedGame: null, seenTasks: new Set(), firstPaint: true };

// ------------------------------------------------------------------ helpers

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.setAttribute('class', v);
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const tokens = (base) => {
  if (base === undefined || base === null) return '0';
  const v = Number(BigInt(base) / 10n ** 14n) / 1e4;
  return v >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
};
const short = (a) => (a ? `${a.slice(0, 6)}…${a.slice(-4)}` : '?');
const chainNow = () => (state.stats ? state.stats.time + (Date.now() - state.fetchedAt) / 1000 : Date.now() / 1000);
const kgas = (g) => (g >= 1e6 ? `${(g / 1e6).toFixed(2)}M` : `${Math.round(g / 1000)}k`);

function agentByAddress(addr) {
  if (!addr) return undefined;
  const a = addr.toLowerCase();
  return state.agents.find((x) => x.address.toLowerCase() === a);
}
function launcherAgent(addr) {
  if (!addr || !state.network) return undefined;
  return state.network.agents.find((x) => x.account.toLowerCase() === addr.toLowerCase());
}
function nameOf(addr) {
  const a = agentByAddress(addr);
  if (a?.name) return a.name;
  const l = launcherAgent(addr);
  if (l) return l.name;
  if (state.network?.requester && addr?.toLowerCase() === state.network.requester.toLowerCase()) return 'requester';
  return short(addr);
}
function kindOf(agent) {
  const l = launcherAgent(agent.address);
  if (l) return l.kind;
  return agent.roles.includes('challenger') ? 'challenger' : 'worker';
}

// ------------------------------------------------------------------ data

// The launcher's own view (its agents' kinds, the model layout): not part of the API.
async function getNetwork() {
  const r = await fetch('/api/network', { cache: 'no-store' });
  if (!r.ok) throw new Error(`/api/network: ${r.status}`);
  return r.json();
}

let inFlight = null;
let again = false;
async function refresh() {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    try {
      const [stats, agents, tasks, final, rejected, disputes, flows, network, quorum, quorumFinal, samples] = await Promise.all([
        sdk.getStats(),
        sdk.listAgents(),
        sdk.listTasks({ limit: TASKS_SHOWN }),
        // Settling takes a challenge window: at a high rate the settled tasks have scrolled out
        // of the latest ones, so the latest few of each outcome are kept in view too.
        sdk.listTasks({ status: 'final', limit: 4 }),
        sdk.listTasks({ status: 'rejected', limit: 4 }),
        sdk.listDisputes({ limit: 12 }),
        sdk.listFlows({ limit: 200 }),
        getNetwork().catch(() => null),
        sdk.listQuorumTasks({ limit: QUORUM_SHOWN }),
        // As for tasks: the latest finalized quorum tasks stay in view while new ones are drawn.
        sdk.listQuorumTasks({ status: 'finalized', limit: 2 }),
        sdk.listSamples({ limit: SAMPLES_SHOWN }),
      ]);
      const byQuorumId = new Map([...quorum.tasks, ...quorumFinal.tasks].map((q) => [q.taskId, q]));
      const quorumShown = [...byQuorumId.values()].sort((a, b) => Number(b.taskId) - Number(a.taskId)).slice(0, QUORUM_SHOWN);
      const byId = new Map([...tasks.tasks, ...final.tasks, ...rejected.tasks].map((t) => [t.taskId, t]));
      const merged = [...byId.values()].sort((a, b) => Number(b.taskId) - Number(a.taskId));
      Object.assign(state, { stats, agents, tasks: merged, disputes, flows, network, quorum: quorumShown, samples: samples.samples, fetchedAt: Date.now() });
      render();
    } catch (err) {
      console.warn('refresh failed', err);
    }
  })();
  await inFlight;
  inFlight = null;
  if (again) {
    again = false;
    void refresh();
  }
}

let debounce;
const schedule = () => {
  clearTimeout(debounce);
  debounce = setTimeout(refresh, 150);
};

function connect() {
  const live = $('live');
  const es = new EventSource('/api/events');
  es.addEventListener('changed', (e) => {
    live.className = 'live on';
    try {
      const c = JSON.parse(e.data);
      $('live-text').textContent = `live · block ${c.block}`;
    } catch {}
    schedule();
  });
  es.onopen = () => {
    live.className = 'live on';
    $('live-text').textContent = 'live';
  };
  es.onerror = () => {
    live.className = 'live off';
    $('live-text').textContent = 'reconnecting';
  };
}

// ------------------------------------------------------------------ render

function render() {
  renderKpis();
  renderAgents();
  renderTasks();
  renderDisputes();
  renderQuorum();
  renderSamples();
  renderThroughput();
  renderGas();
  renderFlows();
  const n = state.network;
  $('foot').replaceChildren(
    n ? el('span', {}, 'chain ', el('code', { text: n.rpcUrl }), ` · ${n.model?.name ?? 'model'} `, el('code', { text: short(n.model?.modelId) }), ` · workload ${n.rate} tasks/min · data `, el('code', { text: n.dataDir }), ' · API ', el('code', { text: '/api/*' }), ' (', el('a', { href: '/openapi.json', style: 'color:inherit', text: 'openapi.json' }), ')') : 'API at /api/*',
  );
  document.body.dataset.ready = '1';
}

function renderKpis() {
  const s = state.stats;
  if (!s) return;
  const up = state.network ? `${state.network.progress.agentsUp}/${state.network.progress.agents}` : String(s.agents);
  const kpi = (label, value, cls = '') => el('div', { class: `kpi ${cls}` }, el('div', { class: 'v', text: value }), el('div', { class: 'l', text: label }));
  $('kpis').replaceChildren(
    kpi('block', `#${s.block}`),
    kpi('agents up', up),
    kpi('in window', String(s.tasks.claimed + s.tasks.open)),
    kpi('final', String(s.tasks.final), 'ok'),
    kpi('rejected', String(s.tasks.rejected), s.tasks.rejected ? 'bad' : ''),
    kpi('disputes open', String(s.disputes.open), s.disputes.open ? 'warn' : ''),
    kpi('cheats caught', String(s.disputes.challengerWon), s.disputes.challengerWon ? 'ok' : ''),
    kpi('quorum final', String(s.quorum?.finalized ?? 0), s.quorum?.finalized ? 'ok' : ''),
    kpi('claims sampled', String(Object.entries(s.samples ?? {}).filter(([k]) => !['requested', 'not-sampled'].includes(k)).reduce((n, [, v]) => n + v, 0))),
    kpi('settled / min', s.throughputPerMinute.toFixed(1)),
  );
}

function renderAgents() {
  if (state.agents.length === 0) return;
  const prev = renderAgents.slashed ?? new Map();
  const rows = [...state.agents].sort((a, b) => Number(a.agentId) - Number(b.agentId)).map((a) => {
    const kind = kindOf(a);
    const free = Number(BigInt(a.stake.free) / 10n ** 15n);
    const locked = Number(BigInt(a.stake.locked) / 10n ** 15n);
    const slashed = Number(BigInt(a.slashed) / 10n ** 15n);
    const total = Math.max(1, free + locked + slashed);
    const rep = a.reputation;
    const repText = rep.average === null ? '—' : `${Math.round(rep.average)}%`;
    const repColor = rep.average === null ? 'var(--faint)' : rep.average >= 90 ? 'var(--ok)' : rep.average >= 60 ? 'var(--warn)' : 'var(--bad)';
    const flash = prev.has(a.agentId) && prev.get(a.agentId) !== a.slashed;
    return el(
      'div',
      { class: `agent${flash ? ' flash' : ''}`, 'data-agent': a.name ?? a.agentId },
      el('div', { class: 'row' },
        el('span', { class: 'name', text: a.name ?? `agent ${a.agentId}` }),
        el('span', { class: 'id', text: `#${a.agentId}` }),
        el('span', { class: `badge ${kind}`, text: kind }),
        el('span', { class: 'grow' }),
        el('span', { class: 'rep', style: `color:${repColor}`, title: 'ERC-8004 validation average', text: repText }),
      ),
      el('div', { class: 'stakebar', title: 'stake: free · locked · slashed' },
        el('i', { class: 'free', style: `width:${(100 * free) / total}%` }),
        el('i', { class: 'locked', style: `width:${(100 * locked) / total}%` }),
        el('i', { class: 'slashed', style: `width:${(100 * slashed) / total}%` }),
      ),
      el('div', { class: 'nums' },
        el('div', {}, el('b', { text: tokens(BigInt(a.stake.free) + BigInt(a.stake.locked)) }), 'staked'),
        el('div', {}, el('b', { style: 'color:var(--ok)', text: `+${tokens(a.earned)}` }), 'earned'),
        el('div', {}, el('b', { style: BigInt(a.slashed) > 0n ? 'color:var(--bad)' : '', text: BigInt(a.slashed) > 0n ? `−${tokens(a.slashed)}` : '0' }), kind === 'worker' || kind === 'cheater' ? `slashed · ${rep.final}✓ ${rep.rejected}✗` : 'slashed'),
      ),
      renderModes(a),
    );
  });
  renderAgents.slashed = new Map(state.agents.map((a) => [a.agentId, a.slashed]));
  $('agents').replaceChildren(...rows);
}

/** ERC-8004 validations of the agent by mode (their tags) and the feedback clients gave it. */
function renderModes(a) {
  const byMode = a.validationsByMode ?? {};
  const chip = (mode) => {
    const m = byMode[mode] ?? { validations: 0, average: null };
    return el('span', { class: m.validations ? `mode ${mode}` : `mode ${mode} none`, 'data-mode': mode, title: `ERC-8004 validations tagged vouch:${mode}: count · average response` },
      `${mode} `, el('b', { text: String(m.validations) }), m.average === null ? '' : ` · ${Math.round(m.average)}`);
  };
  const fb = a.feedback ?? { count: 0, average: null };
  return el('div', { class: 'modes' }, chip('optimistic'), chip('quorum'), chip('sampled'),
    el('span', { class: fb.count ? 'feedback' : 'feedback none', title: 'ERC-8004 Reputation feedback: count · average value' }, 'feedback ', el('b', { text: String(fb.count) }), fb.average === null ? '' : ` · ${Math.round(fb.average)}`));
}

function drawDigit(canvas, hex) {
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const u = parseInt(hex.substr(2 + 2 * i, 2), 16);
    const v = ((u << 24) >> 24) + 128; // int8 (zero point -128) -> 0..255
    img.data[4 * i] = Math.round(v * 0.85);
    img.data[4 * i + 1] = Math.round(v * 0.92);
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

const taskNodes = new Map();
function renderTasks() {
  const tasks = state.tasks;
  if (tasks.length === 0) return;
  const labels = state.network?.labels ?? {};
  const now = chainNow();
  const nodes = tasks.map((t) => {
    let node = taskNodes.get(t.taskId);
    if (!node) {
      const canvas = el('canvas', { width: 28, height: 28 });
      if (t.input && t.input.length >= 2 + 784 * 2) drawDigit(canvas, t.input);
      node = el('div', { class: `task${state.firstPaint ? '' : ' new'}`, 'data-task': t.taskId },
        el('div', { class: 'head' }, el('span', { text: `task #${t.taskId}` }), el('span', { class: 'pill' })),
        el('div', { class: 'body' }, canvas, el('div', {}, el('div', { class: 'label' }), el('div', { class: 'truth' }))),
        el('div', { class: 'worker' }),
        el('div', { class: 'window' }, el('i')),
        el('div', { class: 'count' }),
      );
      // The entrance animation runs once: re-inserting the node would restart it.
      node.addEventListener('animationend', () => node.classList.remove('new'), { once: true });
      taskNodes.set(t.taskId, node);
    }
    const status = t.status;
    for (const s of ['open', 'claimed', 'disputed', 'final', 'rejected', 'cancelled']) node.classList.toggle(s, s === status);
    node.dataset.status = status;
    const pill = node.querySelector('.pill');
    pill.className = `pill ${status}`;
    pill.textContent = status;
    const l = labels[t.taskId];
    const predicted = t.claim?.label ?? l?.predicted;
    node.querySelector('.label').textContent = predicted === undefined ? '·' : String(predicted);
    node.querySelector('.label').style.color = status === 'rejected' ? 'var(--bad)' : status === 'final' ? 'var(--ok)' : 'var(--text)';
    node.querySelector('.truth').textContent = l ? `digit ${l.label}` : 'predicted';
    node.querySelector('.worker').textContent = t.claim ? `by ${nameOf(t.claim.worker)}${t.sample ? ` · sample ${t.sample.status}` : ''}` : 'waiting for a worker';
    const bar = node.querySelector('.window i');
    const count = node.querySelector('.count');
    if (status === 'claimed' && t.claim) {
      const span = Math.max(1, t.claim.windowEnd - t.claim.claimedAt);
      const left = Math.max(0, t.claim.windowEnd - now);
      bar.style.width = `${(100 * left) / span}%`;
      count.textContent = left > 0 ? `final in ${Math.ceil(left)} s unless disputed` : 'window closed: finalizing';
    } else if (status === 'disputed') {
      bar.style.width = '100%';
      count.textContent = `in dispute · game ${t.gameId ?? ''}`;
    } else if (status === 'final') {
      bar.style.width = '0%';
      count.textContent = 'final · fee paid';
    } else if (status === 'rejected') {
      bar.style.width = '0%';
      count.textContent = `cheat proven · game ${t.gameId ?? ''}`;
    } else {
      bar.style.width = '0%';
      count.textContent = status === 'open' ? 'created, waiting for claim' : status;
    }
    return node;
  });
  for (const id of taskNodes.keys()) if (!tasks.some((t) => t.taskId === id)) taskNodes.delete(id);
  const box = $('tasks');
  // Moving nodes restarts their animations and repaints them: only when the list changed.
  if (box.children.length !== nodes.length || nodes.some((n, i) => box.children[i] !== n)) box.replaceChildren(...nodes);
  state.firstPaint = false;
}

// ------------------------------------------------------------------ disputes

function renderDisputes() {
  const ds = state.disputes;
  if (ds.length === 0) return;
  const open = ds.find((d) => d.status === 'in-progress');
  let sel = ds.find((d) => d.gameId === state.selectedGame);
  if (!sel || (!state.pinned && open && sel.gameId !== open.gameId)) sel = state.pinned ? sel : open ?? ds[0];
  if (!sel) sel = ds[0];
  state.selectedGame = sel.gameId;
  const chips = el('div', { class: 'mini-disputes' }, ...ds.map((d) =>
    el('span', { class: `mini ${d.status}${d.gameId === sel.gameId ? ' sel' : ''}`, onclick: () => { state.selectedGame = d.gameId; state.pinned = true; renderDisputes(); } },
      el('span', { class: 'd' }), `game ${d.gameId} · task ${d.taskId}`),
  ));
  const resolved = ds.find((d) => d.status !== 'in-progress' && d.gameId !== sel.gameId);
  $('disputes').replaceChildren(renderDispute(sel), ...(resolved && !state.pinned ? [renderDispute(resolved)] : []), chips);
}

/** The node a bisection move answered at covers this range of the tree's leaves. */
function nodeRange(depth, index, treeDepth, count) {
  const width = 2 ** (treeDepth - depth);
  const start = Number(index) * width;
  return [start, Math.min(count, start + width)];
}

function renderDispute(d) {
  const model = state.network?.model;
  const traceLength = d.traceLength ?? model?.trace.length ?? 8;
  const moves = d.moves ?? [];
  const traceMoves = moves.filter((m) => m.kind === 'Bisected' && m.phase === 'trace');
  const tensorMoves = moves.filter((m) => m.kind === 'Bisected' && m.phase === 'tensor');
  const leaf = moves.find((m) => m.kind === 'LeafRevealed');
  const picked = moves.find((m) => m.kind === 'ElementPicked');
  const stepped = moves.find((m) => m.kind === 'Stepped');
  const traceIndex = d.traceIndex ?? moves.find((m) => m.traceIndex !== undefined)?.traceIndex;

  const W = Math.max(320, ($('disputes').clientWidth || 470) - 26);
  const LABEL = 74;
  const barW = W - LABEL - 6;
  const svg = el('svg:svg', { class: 'funnel', viewBox: `0 0 ${W} 10`, role: 'img', 'aria-label': 'dispute bisection' });
  let y = 4;
  const stage = (text) => {
    svg.append(el('svg:text', { class: 'stage', x: 0, y: y + 10, text }));
    y += 16;
  };
  const row = (label, count, range, color, cellLabels) => {
    svg.append(el('svg:text', { x: 0, y: y + 11, text: label }));
    const cw = barW / count;
    const cells = Math.min(count, 64);
    for (let i = 0; i < cells; i++) {
      const ci = Math.floor((i * count) / cells);
      const ce = Math.floor(((i + 1) * count) / cells);
      const inside = range && ce > range[0] && ci < range[1];
      svg.append(el('svg:rect', { x: LABEL + ci * cw + 1, y, width: Math.max(1, (ce - ci) * cw - 2), height: 14, rx: 2, fill: inside ? color : '#1c2435', opacity: inside ? 0.95 : 1 }));
      if (cellLabels && count <= 16) svg.append(el('svg:text', { x: LABEL + ci * cw + 4, y: y + 10.5, style: `fill:${inside ? '#0b0f17' : '#56617a'};font-size:9px`, text: cellLabels[ci] ?? '' }));
    }
    y += 19;
  };

  // 1. the trace: which tensor do they disagree on first?
  const treeDepth = Math.ceil(Math.log2(Math.max(2, traceLength)));
  const SHORT = { input: 'in', maxPool: 'pool', avgPool: 'pool', reshape: 'flat', flatten: 'flat' };
  const names = (model?.trace ?? []).map((t, i) => `${i} ${SHORT[t.name] ?? t.name}`);
  stage(`1 · trace (${traceLength} tensors: input, then each op's output)`);
  row('all agreed?', traceLength, [0, traceLength], '#3a4766', names);
  const seen = new Set();
  for (const m of traceMoves) {
    if (m.depth === undefined || seen.has(m.depth)) continue;
    seen.add(m.depth);
    const r = nodeRange(m.depth, m.index ?? 0, treeDepth, traceLength);
    if (m.depth === 0) continue;
    row(`move ${moves.indexOf(m)}`, traceLength, r, '#ffb547', names);
  }
  if (traceIndex !== undefined) row('disputed', traceLength, [traceIndex, traceIndex + 1], '#ff5c7a', names);

  // 2. the tensor: which leaf (256 bytes) differs first?
  if (traceIndex !== undefined) {
    const shape = model?.trace[traceIndex]?.shape;
    const elements = shape ? shape.reduce((a, b) => a * b, 1) : undefined;
    const leaves = elements ? Math.max(1, Math.ceil(elements / LEAF_BYTES)) : 2 ** (Math.max(0, ...tensorMoves.map((m) => m.depth ?? 0)) + 1);
    const tDepth = Math.ceil(Math.log2(Math.max(1, leaves)));
    stage(`2 · tensor ${traceIndex} (${model?.trace[traceIndex]?.name ?? 'op output'}${shape ? ` ${shape.join('×')}` : ''}: ${leaves} leaves of ${LEAF_BYTES} B)`);
    row('tensor', leaves, [0, leaves], '#3a4766');
    const seenT = new Set();
    for (const m of tensorMoves) {
      if (m.depth === undefined || seenT.has(m.depth) || m.depth === 0) continue;
      seenT.add(m.depth);
      row(`move ${moves.indexOf(m)}`, leaves, nodeRange(m.depth, m.index ?? 0, tDepth, leaves), '#ffb547');
    }
    if (leaf?.leafIndex !== undefined) row(`leaf ${leaf.leafIndex}`, leaves, [leaf.leafIndex, leaf.leafIndex + 1], '#ff5c7a');
  }

  // 3. the element, recomputed on chain
  let verdict;
  if (picked || stepped) {
    const m = stepped ?? picked;
    const shape = traceIndex !== undefined ? model?.trace[traceIndex]?.shape : undefined;
    const e = Number(m.elementIndex);
    let where = `element ${e}`;
    if (shape && shape.length === 4) {
      const [, c, h, w] = shape;
      where = `element ${e} (ch ${Math.floor(e / (h * w)) % c}, y ${Math.floor(e / w) % h}, x ${e % w})`;
    }
    stage(`3 · ${where}, recomputed on chain`);
    const correct = m.correctValue;
    const cls = (v) => (correct === undefined ? '' : v === correct ? 'right' : 'wrong');
    verdict = el('div', { class: 'verdict' },
      el('div', { class: cls(m.workerValue) }, el('div', { class: 'l', text: 'worker said' }), el('div', { class: 'v', text: m.workerValue ?? '?' })),
      el('div', { class: cls(m.challengerValue) }, el('div', { class: 'l', text: 'challenger said' }), el('div', { class: 'v', text: m.challengerValue ?? '?' })),
      el('div', { class: correct === undefined ? '' : 'right' }, el('div', { class: 'l', text: 'chain computed' }), el('div', { class: 'v', text: correct ?? '…' })),
    );
  }
  svg.setAttribute('viewBox', `0 0 ${W} ${y}`);

  const gas = moves.reduce((s, m) => s + Number(m.gasUsed ?? 0), 0);
  const winner = d.status === 'challenger-won' ? d.challenger : d.status === 'worker-won' ? d.worker : undefined;
  const outcome = el('div', { class: 'outcome' },
    d.status === 'in-progress'
      ? [`${moves.length} moves so far · `, el('b', { text: `${kgas(gas)} gas` }), ` · each party has ${state.network?.moveClock ?? '?'} s per move`]
      : [el('b', { text: `${nameOf(winner)} won` }), ` by ${d.resolution ?? 'step'} · `, el('b', { style: 'color:var(--bad)', text: `${tokens(d.slashed)} VOUCH slashed` }), ` from ${nameOf(d.status === 'challenger-won' ? d.worker : d.challenger)} · ${moves.length} moves, ${kgas(gas)} gas, ${Math.max(0, (d.resolvedAt ?? 0) - d.openedAt)} s`],
  );
  return el('div', { class: 'dispute', 'data-game': d.gameId, 'data-status': d.status },
    el('div', { class: 'row' },
      el('span', { class: 'title', text: `Game ${d.gameId} · task #${d.taskId}` }),
      el('span', { class: 'who', text: `${nameOf(d.challenger)} challenges ${nameOf(d.worker)}` }),
      el('span', { class: 'grow' }),
      el('span', { class: `pill ${d.status}`, text: d.status.replace('-', ' ') }),
    ),
    svg,
    verdict,
    outcome,
  );
}

// ------------------------------------------------------------------ quorum

const PHASES = ['drawn', 'committed', 'revealed'];

function renderQuorum() {
  const qs = state.quorum;
  if (qs.length === 0) return;
  const now = chainNow();
  const labels = state.network?.quorumLabels ?? {};
  $('quorum').replaceChildren(...qs.map((q) => {
    const reached = (s) => PHASES.indexOf(s.phase);
    const seats = q.committee.map((s) => {
      const out = s.outcome === 'majority' ? `majority · +${tokens(q.share)}`
        : s.outcome === 'outvoted' ? `outvoted · −${tokens(s.slashed)}`
        : s.outcome === 'silent' ? `silent · −${tokens(s.slashed)}`
        : s.outcome === 'refunded' ? 'no majority'
        : s.phase;
      return el('div', { class: `seat ${s.outcome ?? s.phase}`, 'data-seat': s.seat, 'data-phase': s.phase, 'data-outcome': s.outcome ?? '' },
        el('div', { class: 'name', title: s.member, text: `${s.seat} · ${nameOf(s.member)}` }),
        el('div', { class: 'steps', title: 'drawn · committed · revealed' }, ...PHASES.map((_, i) => el('i', { class: i <= reached(s) ? 'on' : '' }))),
        el('div', { class: 'res', title: s.resultHash ?? s.commitment ?? '', text: s.resultHash ? `= ${short(s.resultHash)}` : s.commitment ? `# ${short(s.commitment)}` : '…' }),
        el('div', { class: 'out', text: out }),
      );
    });
    const l = labels[q.taskId];
    let outcome;
    if (q.status === 'finalized') {
      const losers = q.committee.filter((s) => s.slashed).length;
      outcome = [el('b', { text: `${q.majority}/${q.size} agreed` }), l?.predicted !== undefined ? ` on digit ${l.predicted}${l.label !== undefined ? ` (true ${l.label})` : ''}` : ` on ${short(q.result)}`,
        ` · each +${tokens(q.share)} VOUCH`, losers ? [' · ', el('b', { style: 'color:var(--bad)', text: `${losers} slashed ${tokens(q.slashed)}` })] : ''];
    } else if (q.status === 'refunded') {
      outcome = q.poolSize !== undefined ? `refunded: ${q.poolSize} in the pool, ${q.size} seats needed` : [`refunded: no majority among ${q.revealed} reveals`, q.slashed && q.slashed !== '0' ? ` · ${tokens(q.slashed)} slashed from the silent` : ''];
    } else if (q.status === 'drawing') {
      outcome = `committee drawn from block ${q.drawBlock}'s hash`;
    } else {
      const committing = q.committed < q.size && now < (q.commitDeadline ?? 0);
      const left = Math.max(0, Math.ceil((committing ? q.commitDeadline : q.revealDeadline) - now));
      outcome = committing ? `${q.committed}/${q.size} committed · commit closes in ${left} s` : `${q.revealed}/${q.size} revealed · reveal closes in ${left} s`;
    }
    return el('div', { class: 'qtask', 'data-quorum': q.taskId, 'data-status': q.status },
      el('div', { class: 'row' },
        el('span', { class: 'title', text: `quorum #${q.taskId}` }),
        el('span', { class: 'who', text: `${q.canonicalisation ?? 'rule ?'} · ${q.size} seats · fee ${tokens(q.fee)}${l ? ` · digit ${l.label}` : ''}${q.escalatedFrom ? ` · escalated from task #${q.escalatedFrom}` : ''}` }),
        el('span', { class: 'grow' }),
        el('span', { class: `pill ${q.status}`, text: q.status }),
      ),
      q.committee.length ? el('div', { class: 'seats' }, ...seats) : null,
      el('div', { class: 'outcome' }, outcome),
    );
  }));
}

// ------------------------------------------------------------------ samples

function renderSamples() {
  const ss = state.samples;
  if (ss.length === 0) return;
  $('samples').replaceChildren(...ss.map((s) => {
    const coin = s.sampled === undefined ? 'coin pending' : s.sampled ? 'sampled' : 'not sampled';
    let answer = '';
    if (s.answer === 'agree') answer = 'agreed';
    else if (s.answer === 'escalate' && s.escalation) {
      answer = s.escalation.to === 'dispute' ? `disputed: game ${s.escalation.id}${s.escalation.status ? ` (${s.escalation.status.replace('-', ' ')})` : ''}` : `quorum #${s.escalation.id}${s.escalation.status ? ` (${s.escalation.status})` : ''}`;
    } else if (s.answer === 'none') answer = `missed · −${tokens(s.slashed)}`;
    else if (s.status === 'assigned') answer = `answer due in ${Math.max(0, Math.ceil((s.deadline ?? 0) - chainNow()))} s`;
    else if (s.status === 'unassigned') answer = 'no verifier free';
    const end = s.status === 'slashed' ? ['bad', 'agreed to a lie'] : s.taskStatus === 'final' ? ['good', 'final'] : s.taskStatus === 'rejected' ? ['bad', 'rejected'] : ['wait', s.taskStatus ?? s.status];
    return el('div', { class: 'sample', 'data-task': s.taskId, 'data-status': s.status, 'data-sampled': s.sampled === undefined ? '' : String(s.sampled) },
      el('span', { class: 't', text: `task #${s.taskId}` }),
      el('span', { class: 'steps', title: `SamplingCoordinator: ${s.status}` },
        el('span', { class: `coin${s.sampled ? ' yes' : ''}` }), coin,
        s.verifier ? [' → ', el('b', { class: 'verifier', text: nameOf(s.verifier) })] : '',
        answer ? ` · ${answer}` : '',
        ` · worker ${nameOf(s.worker)}`),
      el('span', { class: `end ${end[0]}`, text: end[1] }),
    );
  }));
}

// ------------------------------------------------------------------ charts

function renderThroughput() {
  const series = state.stats?.series ?? [];
  const W = Math.max(320, $('throughput').clientWidth || 640), H = 130, L = 28, B = 18;
  const svg = el('svg:svg', { viewBox: `0 0 ${W} ${H}` });
  const pts = series.slice(-30);
  const max = Math.max(4, ...pts.map((p) => p.final + p.rejected));
  const bw = (W - L) / Math.max(pts.length, 12);
  for (let g = 0; g <= 2; g++) {
    const v = Math.round((max * g) / 2);
    const yy = H - B - ((H - B - 6) * g) / 2;
    svg.append(el('svg:line', { class: 'axis', x1: L, x2: W, y1: yy, y2: yy }), el('svg:text', { x: 2, y: yy + 3, text: String(v) }));
  }
  pts.forEach((p, i) => {
    const x = L + i * bw + 2;
    const hf = ((H - B - 6) * p.final) / max;
    const hr = ((H - B - 6) * p.rejected) / max;
    svg.append(el('svg:rect', { x, y: H - B - hf, width: bw - 4, height: hf, rx: 2, fill: '#3ddc97' }));
    svg.append(el('svg:rect', { x, y: H - B - hf - hr, width: bw - 4, height: hr, rx: 2, fill: '#ff5c7a' }));
    if (i % Math.ceil(pts.length / 6) === 0) svg.append(el('svg:text', { x, y: H - 4, text: new Date(p.time * 1000).toISOString().slice(11, 16) }));
  });
  if (pts.length === 0) svg.append(el('svg:text', { x: L + 8, y: H / 2, text: 'no settled task yet: the first ones settle when their challenge window ends' }));
  svg.append(el('svg:rect', { x: W - 150, y: 4, width: 9, height: 9, fill: '#3ddc97', rx: 2 }), el('svg:text', { x: W - 137, y: 12, text: 'final' }),
    el('svg:rect', { x: W - 95, y: 4, width: 9, height: 9, fill: '#ff5c7a', rx: 2 }), el('svg:text', { x: W - 82, y: 12, text: 'rejected' }));
  $('throughput').replaceChildren(svg);
}

const SETUP_TXS = new Set(['deploy', 'transfer', 'approve', 'setGame', 'bindDisputeGame']);
function renderGas() {
  const gas = Object.entries(state.stats?.gas ?? {}).filter(([k]) => !SETUP_TXS.has(k)).sort((a, b) => b[1].average - a[1].average).slice(0, 12);
  const W = Math.max(320, $('gas').clientWidth || 640), row = 17, L = 118;
  const H = Math.max(row, gas.length * row) + 4;
  const svg = el('svg:svg', { viewBox: `0 0 ${W} ${H}` });
  const max = Math.max(1, ...gas.map(([, g]) => g.average));
  const dispute = new Set(['open', 'bisect', 'revealTensorRoot', 'revealLeaf', 'pickElement', 'step', 'timeout', 'resolve']);
  gas.forEach(([k, g], i) => {
    const y = i * row + 2;
    const w = ((W - L - 110) * g.average) / max;
    svg.append(
      el('svg:text', { x: 0, y: y + 11, text: k }),
      el('svg:rect', { x: L, y: y + 2, width: Math.max(2, w), height: row - 6, rx: 2, fill: dispute.has(k) ? '#ffb547' : '#7c9cff' }),
      el('svg:text', { x: L + w + 6, y: y + 11, text: `${kgas(g.average)} × ${g.count}` }),
    );
  });
  $('gas').replaceChildren(svg);
}

// ------------------------------------------------------------------ money

function renderFlows() {
  const f = state.flows;
  if (!f) return;
  const t = f.totals ?? {};
  const sum = (...ks) => ks.reduce((s, k) => s + BigInt(t[k] ?? '0'), 0n);
  const box = (label, v, color) => el('div', {}, el('div', { class: 'l', text: label }), el('div', { class: 'v', style: color ? `color:${color}` : '', text: tokens(v) }));
  $('totals').replaceChildren(
    box('paid to workers', sum('worker-paid', 'quorum-share'), 'var(--ok)'),
    box('slashed', sum('slash', 'reward'), 'var(--bad)'),
    box('to challengers', sum('reward'), 'var(--challenger)'),
    box('fees escrowed', sum('fee-paid')),
    box('refunded', sum('refund'), 'var(--warn)'),
    box('protocol fees', sum('protocol-fee')),
  );
  // Fees go to an escrow: Tasks, or QuorumTasks (whose pot also takes a slashed seat's winner share).
  const escrows = new Set(f.flows.filter((x) => x.kind === 'fee-paid' && x.to).map((x) => x.to.toLowerCase()));
  const who = (a) => (a && escrows.has(a.toLowerCase()) ? 'escrow' : nameOf(a));
  // Payouts outnumber slashes by far: keep the latest slashes in view beside them.
  const slashing = f.flows.filter((x) => x.kind === 'slash' || x.kind === 'reward').slice(0, 6);
  const others = f.flows.filter((x) => x.kind === 'worker-paid' || x.kind === 'quorum-share' || x.kind === 'refund').slice(0, 14 - slashing.length);
  const interesting = [...slashing, ...others].sort((a, b) => b.id - a.id);
  const desc = (x) => {
    if (x.kind === 'worker-paid') return `task #${x.taskId} final → ${who(x.to)}`;
    if (x.kind === 'quorum-share') return `quorum #${x.quorumTaskId} majority → ${who(x.to)}`;
    if (x.kind === 'refund' && x.quorumTaskId) return `quorum #${x.quorumTaskId} refunded → ${who(x.to)}`;
    // A slash without a game is of pooled stake: a quorum seat or a sampled verifier's bond.
    const cause = x.gameId ? `game ${x.gameId}` : x.quorumTaskId ? `quorum #${x.quorumTaskId}` : x.taskId ? `sample of task #${x.taskId}` : 'pooled stake';
    if (x.kind === 'reward') return `${who(x.from)} → ${who(x.to)} (${cause})`;
    if (x.kind === 'slash') return `${who(x.from)} → treasury (${cause})`;
    if (x.kind === 'refund') return `task #${x.taskId} rejected → ${who(x.to)}`;
    if (x.kind === 'bond') return `${who(x.from)} bonds for game ${x.gameId}`;
    return `${who(x.from)} → ${who(x.to)}`;
  };
  $('flows').replaceChildren(...(interesting.length ? interesting.map((x) =>
    el('div', { class: 'flow' }, el('span', { class: `k ${x.kind}`, text: x.kind === 'quorum-share' ? 'share' : x.kind.replace('-', ' ') }), el('span', { class: 'desc', text: desc(x) }), el('span', { class: 'amt', text: tokens(x.amount) })),
  ) : [el('p', { class: 'empty', text: 'no payout or slash yet' })]));
}

// ------------------------------------------------------------------ start

connect();
void refresh();
setInterval(() => {
  if (state.tasks.length) renderTasks();
  // Commit / reveal / answer countdowns.
  if (state.quorum.some((q) => q.status === 'active')) renderQuorum();
  if (state.samples.some((x) => x.status === 'assigned')) renderSamples();
}, 1000);
// A safety net if the event stream is down (proxies, sleep): SSE drives the view otherwise.
setInterval(() => {
  if ($('live').className !== 'live on') void refresh();
}, 5000);
