import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recoverTypedDataAddress, type Hex } from 'viem';
import { attachEnvelope } from '../../src/protocol/attachEnvelope.ts';
import { canonicalJson } from '../../src/protocol/canonicalJson.ts';
import { VOUCH_EXTENSION_URI } from '../../src/protocol/constants.ts';
import { createMemoryNonceStore } from '../../src/protocol/createMemoryNonceStore.ts';
import { envelopeTypedData } from '../../src/protocol/envelopeTypedData.ts';
import {
  EnvelopeExpiredError,
  EnvelopeMalformedError,
  EnvelopeReplayedError,
  EnvelopeWrongAgentError,
  EnvelopeWrongChainError,
  EnvelopeWrongContractError,
  InvalidSignatureError,
  MalleableSignatureError,
  PayloadMismatchError,
  SignerMismatchError,
} from '../../src/protocol/errors.ts';
import { payloadHash } from '../../src/protocol/payloadHash.ts';
import { readEnvelope } from '../../src/protocol/readEnvelope.ts';
import { signEnvelope } from '../../src/protocol/signEnvelope.ts';
import type { SignedEnvelope } from '../../src/protocol/types.ts';
import { verifyEnvelope, type EnvelopeVerifier } from '../../src/protocol/verifyEnvelope.ts';
import { agentId, domain, requester, stranger } from './fixtures.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const NOW = 1_800_000_000;
const now = () => NOW;

const params = {
  message: {
    messageId: 'm-1',
    role: 'ROLE_USER',
    parts: [{ data: { modelId: '0x' + '11'.repeat(32), input: { dtype: 'int8', shape: [2], data: [1, -2] } }, mediaType: 'application/json' }],
  },
};

function verifier(overrides: Partial<EnvelopeVerifier> = {}): EnvelopeVerifier {
  return { domain, agentId, nonces: createMemoryNonceStore({ now }), now, ...overrides };
}

async function signed(overrides: { nonce?: bigint; deadline?: bigint; agentId?: bigint; p?: object } = {}) {
  const p = overrides.p ?? params;
  const envelope = await signEnvelope(requester, domain, {
    agentId: overrides.agentId ?? agentId,
    method: 'SendMessage',
    params: p,
    nonce: overrides.nonce ?? 7n,
    deadline: overrides.deadline ?? BigInt(NOW + 60),
  });
  return { envelope, request: attachEnvelope(p, envelope) };
}

function withEnvelope(request: object, patch: Partial<SignedEnvelope>): object {
  const r = structuredClone(request) as any;
  Object.assign(r.metadata[VOUCH_EXTENSION_URI], patch);
  return r;
}

/** The other valid signature of the same message: (r, n - s, v ^ 1). */
function highS(signature: Hex): Hex {
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return `0x${r}${(N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}`;
}

describe('canonical JSON and payload hash', () => {
  it('sorts members, drops whitespace and ignores the envelope and member order', () => {
    assert.equal(canonicalJson({ b: [1, 'x', { d: null, c: true }], a: 1.5e-7 }), '{"a":1.5e-7,"b":[1,"x",{"c":true,"d":null}]}');
    assert.equal(payloadHash('SendMessage', { b: 1, a: 2 }), payloadHash('SendMessage', { a: 2, b: 1 }));
    const envelope = { signature: '0x' } as unknown as SignedEnvelope;
    assert.equal(payloadHash('SendMessage', attachEnvelope({ a: 1 }, envelope)), payloadHash('SendMessage', { a: 1 }));
    assert.equal(payloadHash('SendMessage', attachEnvelope({ a: 1, metadata: { k: 1 } }, envelope)), payloadHash('SendMessage', { a: 1, metadata: { k: 1 } }));
    assert.notEqual(payloadHash('SendMessage', { a: 1 }), payloadHash('SendMessage', { a: 2 }));
    assert.notEqual(payloadHash('SendMessage', { a: 1 }), payloadHash('ListTasks', { a: 1 }));
  });

  it('hashes what JSON.stringify sends: undefined members dropped, undefined items null', () => {
    const value = { a: undefined, b: [undefined, 1], c: { d: undefined } };
    assert.equal(canonicalJson(value), canonicalJson(JSON.parse(JSON.stringify(value))));
  });

  it('refuses values without a JSON form and hostile nesting', () => {
    assert.throws(() => canonicalJson({ a: Number.NaN }));
    assert.throws(() => canonicalJson({ a: 1n }));
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.throws(() => canonicalJson(deep), /nested too deeply/);
  });
});

describe('signed envelopes', () => {
  it('accepts a fresh, correctly signed request and returns its sender', async () => {
    const { request } = await signed();
    const ok = await verifyEnvelope('SendMessage', request, verifier());
    assert.equal(ok.sender, requester.address);
    assert.equal(ok.nonce, 7n);
  });

  it('signs the documented EIP-712 struct', async () => {
    const { envelope } = await signed();
    const env = readEnvelope(attachEnvelope({}, envelope));
    const recovered = await recoverTypedDataAddress({ ...envelopeTypedData(domain, env), signature: env.signature });
    assert.equal(recovered, requester.address);
  });

  it('rejects a replay of the same signed message (and a refused request does not burn its nonce)', async () => {
    const v = verifier();
    const { request } = await signed();
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, { sender: stranger.address }), v), SignerMismatchError);
    await verifyEnvelope('SendMessage', request, v);
    await assert.rejects(verifyEnvelope('SendMessage', request, v), EnvelopeReplayedError);
    // the same nonce from another sender is a different pair
    const other = await signEnvelope(stranger, domain, { agentId, method: 'SendMessage', params, nonce: 7n, deadline: BigInt(NOW + 60) });
    await verifyEnvelope('SendMessage', attachEnvelope(params, other), v);
  });

  it('rejects the high-s twin of a valid signature, and v outside {27, 28}', async () => {
    const { request, envelope } = await signed();
    const twin = highS(envelope.signature);
    // the twin is a valid ECDSA signature of the same message: only the canonical-form rule stops it
    assert.equal(await recoverTypedDataAddress({ ...envelopeTypedData(domain, readEnvelope(request)), signature: twin }), requester.address);
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, { signature: twin }), verifier()), MalleableSignatureError);
    const v01 = `${envelope.signature.slice(0, 130)}0${Number.parseInt(envelope.signature.slice(130), 16) - 27}` as Hex;
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, { signature: v01 }), verifier()), MalleableSignatureError);
    const zeroR = `0x${'00'.repeat(32)}${envelope.signature.slice(66)}` as Hex;
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, { signature: zeroR }), verifier()), InvalidSignatureError);
  });

  it('rejects each binding that does not match this agent', async () => {
    const { request } = await signed();
    await assert.rejects(verifyEnvelope('SendMessage', request, verifier({ domain: { ...domain, chainId: 1 } })), EnvelopeWrongChainError);
    await assert.rejects(
      verifyEnvelope('SendMessage', request, verifier({ domain: { ...domain, verifyingContract: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' } })),
      EnvelopeWrongContractError,
    );
    await assert.rejects(verifyEnvelope('SendMessage', request, verifier({ agentId: 2n })), EnvelopeWrongAgentError);
    // claiming the right chain in the clear does not help: the signature was made under chain 1
    const forChain1 = await signEnvelope(requester, { ...domain, chainId: 1 }, { agentId, method: 'SendMessage', params, nonce: 1n, deadline: BigInt(NOW + 60) });
    await assert.rejects(verifyEnvelope('SendMessage', attachEnvelope(params, { ...forChain1, chainId: domain.chainId }), verifier()), SignerMismatchError);
  });

  it('rejects expired deadlines and deadlines beyond the accepted window', async () => {
    const { request: late } = await signed({ deadline: BigInt(NOW - 1) });
    await assert.rejects(verifyEnvelope('SendMessage', late, verifier()), EnvelopeExpiredError);
    const { request: far } = await signed({ deadline: BigInt(NOW + 7200) });
    await assert.rejects(verifyEnvelope('SendMessage', far, verifier()), EnvelopeExpiredError);
    const { request: edge } = await signed({ deadline: BigInt(NOW) });
    await verifyEnvelope('SendMessage', edge, verifier());
  });

  it('rejects a tampered payload, a request replayed as another method, and a sender that did not sign', async () => {
    const { request } = await signed();
    await assert.rejects(verifyEnvelope('ListTasks', request, verifier()), PayloadMismatchError);
    const tampered = structuredClone(request) as any;
    tampered.message.parts[0].data.input.data[0] = 2;
    await assert.rejects(verifyEnvelope('SendMessage', tampered, verifier()), PayloadMismatchError);
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, { sender: stranger.address }), verifier()), SignerMismatchError);
    // re-hashing the tampered payload does not help either: the signature covers the hash
    await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(tampered, { payloadHash: payloadHash('SendMessage', tampered) }), verifier()), SignerMismatchError);
  });

  it('rejects missing and malformed envelopes with a typed error', async () => {
    const { request } = await signed();
    await assert.rejects(verifyEnvelope('SendMessage', params, verifier()), EnvelopeMalformedError);
    for (const patch of [{ nonce: '-1' }, { nonce: 7 }, { deadline: (1n << 64n).toString() }, { sender: '0x12' }, { signature: '0x1234' }, { chainId: '31337' }]) {
      await assert.rejects(verifyEnvelope('SendMessage', withEnvelope(request, patch as any), verifier()), EnvelopeMalformedError, JSON.stringify(patch));
    }
  });
});

describe('memory nonce store', () => {
  it('forgets pairs only after their deadline', () => {
    let t = 100;
    const store = createMemoryNonceStore({ now: () => t });
    for (let i = 0; i < 1023; i++) assert.equal(store.consume(requester.address, BigInt(i), 150), true);
    assert.equal(store.consume(requester.address, 5n, 150), false);
    t = 200;
    store.consume(requester.address, 5000n, 300); // reaching 1024 entries prunes the expired ones
    assert.equal(store.size, 1);
  });
});
