import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Role, SendMessageRequest, TaskState } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { VOUCH_EXTENSION_URI } from '../../src/protocol/constants.ts';
import { createA2AApp } from '../../src/protocol/createA2AApp.ts';
import { createMemoryNonceStore } from '../../src/protocol/createMemoryNonceStore.ts';
import { signEnvelope } from '../../src/protocol/signEnvelope.ts';
import { agentId, domain, requester, testCard } from './fixtures.ts';
import { mnistHandler } from './mnistHandler.ts';

const { handler, served, inputShape } = mnistHandler();

// The official A2A v1.0 client (@a2a-js/sdk) against Vouch's server, through app.request.
describe('interop with the @a2a-js/sdk client', () => {
  const app = createA2AApp({
    card: testCard('http://agent.test/a2a', [served]),
    handlers: { inference: handler },
    verifier: { domain, agentId, nonces: createMemoryNonceStore() },
  });
  const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => app.request(input instanceof URL ? input.href : input, init)) as typeof fetch;
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new JsonRpcTransportFactory({ fetchImpl })], cardResolver: new DefaultAgentCardResolver({ fetchImpl }) }),
  );

  function request(withMetadata?: Record<string, unknown>): SendMessageRequest {
    return SendMessageRequest.fromJSON({
      message: {
        messageId: 'sdk-1',
        role: 'ROLE_USER',
        parts: [{ data: { modelId: served.modelId, input: { dtype: 'int8', shape: inputShape, data: new Array(784).fill(3) } }, mediaType: 'application/json' }],
      },
      ...(withMetadata ? { metadata: withMetadata } : {}),
    });
  }

  it('reads the card, and an unsigned SendMessage is refused with Vouch\'s envelope error', async () => {
    const client = await factory.createFromUrl('http://agent.test');
    await assert.rejects(client.sendMessage(request()), /envelope/i);
  });

  it('sends a SendMessage signed over the SDK\'s own serialization and reads the task back with GetTask', async () => {
    const client = await factory.createFromUrl('http://agent.test');
    // The envelope signs the exact params sent; the SDK client adds an empty `configuration`.
    const wire = { ...(SendMessageRequest.toJSON(request()) as object), configuration: {} };
    const envelope = await signEnvelope(requester, domain, { agentId, method: 'SendMessage', params: wire });
    const result = await client.sendMessage(request({ [VOUCH_EXTENSION_URI]: envelope }));
    assert.ok('status' in result, 'a task');
    const task = await client.getTask({ tenant: '', id: result.id });
    assert.equal(task.status?.state, TaskState.TASK_STATE_COMPLETED);
    assert.equal(task.history[0].role, Role.ROLE_USER);
    const part = task.artifacts[0].parts[0].content;
    assert.equal(part?.$case, 'data');
    assert.equal((part?.value as { traceRoot: string }).traceRoot.length, 66);
  });
});
