import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AgentCard as SdkAgentCard } from '@a2a-js/sdk';
import { buildRegistrationFile } from '../../src/protocol/buildRegistrationFile.ts';
import { A2A_PROTOCOL_VERSION, VOUCH_EXTENSION_URI } from '../../src/protocol/constants.ts';
import { InvalidAgentCardError } from '../../src/protocol/errors.ts';
import { parseAgentCard } from '../../src/protocol/parseAgentCard.ts';
import { readVouchCardInfo } from '../../src/protocol/readVouchCardInfo.ts';
import { skillId } from '../../src/protocol/skillId.ts';
import { agentId, domain, mnistModel, registry, testCard } from './fixtures.ts';

describe('agent card', () => {
  const card = testCard();

  it('follows A2A v1.0: a JSON-RPC interface at protocol 1.0, one skill per model, JSON modes', () => {
    assert.equal(A2A_PROTOCOL_VERSION, '1.0');
    assert.deepEqual(card.supportedInterfaces, [{ url: 'http://127.0.0.1:8545/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }]);
    assert.equal(card.skills.length, 1);
    assert.equal(card.skills[0].id, skillId(mnistModel.modelId));
    assert.ok(card.skills[0].description.includes(`int8 inference of model ${mnistModel.modelId.slice(0, 10)}`), card.skills[0].description);
    assert.deepEqual(card.defaultInputModes, ['application/json']);
    const ext = card.capabilities.extensions?.find((e) => e.uri === VOUCH_EXTENSION_URI);
    assert.equal(ext?.required, true);
  });

  it('is exactly what the A2A SDK codec reads and writes back (ProtoJSON of a2a.proto)', () => {
    const json = JSON.parse(JSON.stringify(card));
    assert.deepEqual(SdkAgentCard.toJSON(SdkAgentCard.fromJSON(json)), json);
  });

  it('parses back, and its Vouch extension gives the on-chain identity and signing domain', () => {
    const parsed = parseAgentCard(JSON.parse(JSON.stringify(card)));
    const info = readVouchCardInfo(parsed);
    assert.equal(info.agentId, agentId);
    assert.equal(info.agentRegistry, registry);
    assert.deepEqual(info.domain, domain);
    assert.deepEqual(info.models, [mnistModel]);
    assert.equal(info.registration, 'https://worker.vouch.example/registration.json');
  });

  it('rejects malformed peer cards, naming the offending member', () => {
    const base = () => JSON.parse(JSON.stringify(card));
    const cases: [string, (c: any) => unknown, RegExp][] = [
      ['not an object', () => 'card', /card must be an object/],
      ['no name', (c) => { delete c.name; return c; }, /name must be a string/],
      ['no interfaces', (c) => { c.supportedInterfaces = []; return c; }, /supportedInterfaces must list/],
      ['relative url', (c) => { c.supportedInterfaces[0].url = '/a2a'; return c; }, /supportedInterfaces\[0\]\.url is not an absolute URL/],
      ['ftp url', (c) => { c.supportedInterfaces[0].url = 'ftp://x/'; return c; }, /must be an http\(s\) URL/],
      ['bad version', (c) => { c.supportedInterfaces[0].protocolVersion = 'v1'; return c; }, /protocolVersion must be Major\.Minor/],
      ['skill tags', (c) => { c.skills[0].tags = 'x'; return c; }, /skills\[0\]\.tags must be an array/],
      ['dup skill', (c) => { c.skills.push(c.skills[0]); return c; }, /skills\[1\]\.id duplicates/],
      ['capabilities', (c) => { c.capabilities.streaming = 'yes'; return c; }, /capabilities\.streaming must be a boolean/],
      ['modes', (c) => { c.defaultOutputModes = [1]; return c; }, /defaultOutputModes\[0\] must be a string/],
    ];
    for (const [label, mutate, message] of cases) {
      assert.throws(() => parseAgentCard(mutate(base())), (e: unknown) => e instanceof InvalidAgentCardError && message.test(e.message), label);
    }
  });

  it('rejects a card without a usable Vouch extension', () => {
    const noExt = { ...card, capabilities: { ...card.capabilities, extensions: [] } };
    assert.throws(() => readVouchCardInfo(noExt), /does not declare the Vouch extension/);
    const badDomain = JSON.parse(JSON.stringify(card));
    badDomain.capabilities.extensions[0].params.envelope.verifyingContract = '0x1234';
    assert.throws(() => readVouchCardInfo(badDomain), /envelope\.verifyingContract must be an address/);
  });
});

describe('ERC-8004 registration file', () => {
  it('matches docs/examples/agent-registration.json and lists the card as its A2A service', () => {
    const example = JSON.parse(readFileSync(new URL('../../docs/examples/agent-registration.json', import.meta.url), 'utf8'));
    const built = buildRegistrationFile({
      name: example.name,
      description: example.description,
      image: example.image,
      agentCardUrl: 'https://worker.vouch.example/.well-known/agent-card.json',
      webUrl: 'https://worker.vouch.example/',
      agentId: 1n,
      agentRegistry: example.registrations[0].agentRegistry,
      tasks: example.vouch.tasks,
      validationRegistry: example.vouch.validationRegistry,
      // the example's model id follows the committed model, which colleagues retrain: take it from there
      models: [{ ...mnistModel, modelId: example.vouch.models[0].modelId, source: 'models/mnist-cnn.vouch' }],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(built)), example);
  });
});
