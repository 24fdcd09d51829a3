// The OpenAPI 3.1 description of the API (served at /openapi.json). Schemas follow
// src/api/types.ts; test/api/openapi.test.ts checks every route is described and that real
// answers carry the required fields.

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const amount = { type: 'string', pattern: '^-?[0-9]+$', description: 'token base units (18 decimals), decimal string' } as const;
const id = { type: 'string', pattern: '^[0-9]+$', description: 'decimal uint256' } as const;
const hex = { type: 'string', pattern: '^0x[0-9a-fA-F]*$' } as const;
const address = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required });

const taskStatus = { type: 'string', enum: ['open', 'claimed', 'disputed', 'final', 'rejected', 'cancelled'] };
const modes = ['optimistic', 'quorum', 'sampled'] as const;
const nullableNum = { type: ['number', 'null'] } as const;
const modeSummary = obj({ validations: int, average: nullableNum }, ['validations', 'average']);
const quorumStatus = { type: 'string', enum: ['drawing', 'active', 'finalized', 'refunded'] };
const sampleStatus = { type: 'string', enum: ['requested', 'not-sampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned'] };
const validationMode = { type: 'string', enum: [...modes, 'other'] };

const schemas = {
  ApiError: obj({ error: obj({ code: str, message: str }, ['code', 'message']) }, ['error']),
  Agent: obj(
    {
      agentId: id,
      address,
      agentURI: str,
      roles: { type: 'array', items: str },
      name: str,
      stake: obj({ free: amount, locked: amount, unbonding: amount }, ['free', 'locked', 'unbonding']),
      credits: amount,
      balance: amount,
      reputation: obj({ validations: int, average: { type: ['number', 'null'] }, final: int, rejected: int }, ['validations', 'average', 'final', 'rejected']),
      validationsByMode: obj(
        Object.fromEntries(modes.map((m) => [m, modeSummary])),
        [...modes],
      ),
      feedback: obj({ count: int, average: nullableNum }, ['count', 'average']),
      earned: amount,
      slashed: amount,
      registeredAt: int,
    },
    ['agentId', 'address', 'agentURI', 'roles', 'stake', 'credits', 'balance', 'reputation', 'validationsByMode', 'feedback', 'earned', 'slashed', 'registeredAt'],
  ),
  Claim: obj(
    { worker: address, workerAgentId: id, outputHash: hex, traceRoot: hex, claimedAt: int, windowEnd: int, label: int },
    ['worker', 'outputHash', 'traceRoot', 'claimedAt', 'windowEnd'],
  ),
  Task: obj(
    {
      taskId: id,
      requester: address,
      modelId: hex,
      fee: amount,
      mode: { type: 'string', enum: ['optimistic', 'quorum', 'sampled'] },
      status: taskStatus,
      createdAt: int,
      createdBlock: int,
      claimDeadline: int,
      input: { ...hex, description: 'the input tensors as published on chain (int8 bytes)' },
      inputShape: { type: 'array', items: int },
      claim: ref('Claim'),
      gameId: id,
      settledAt: int,
      validation: obj({ response: int, requestHash: hex }, ['response', 'requestHash']),
      sample: ref('Sample'),
    },
    ['taskId', 'requester', 'modelId', 'fee', 'mode', 'status', 'createdAt', 'createdBlock', 'claimDeadline'],
  ),
  QuorumSeat: obj(
    {
      seat: int,
      member: address,
      phase: { type: 'string', enum: ['drawn', 'committed', 'revealed'] },
      commitment: hex,
      committedAt: int,
      resultHash: hex,
      revealedAt: int,
      outcome: { type: 'string', enum: ['majority', 'outvoted', 'silent', 'refunded'], description: 'after settlement' },
      slashed: amount,
      validation: obj({ agentId: id, requestHash: hex, response: int }, ['agentId', 'requestHash']),
    },
    ['seat', 'member', 'phase'],
  ),
  QuorumTask: obj(
    {
      taskId: { ...id, description: "QuorumTasks' own task id (not Tasks')" },
      requester: address,
      modelId: hex,
      canonId: hex,
      canonicalisation: { type: 'string', description: 'exact, top1, round:<k> or text' },
      fee: amount,
      size: int,
      status: quorumStatus,
      createdAt: int,
      createdBlock: int,
      drawBlock: int,
      input: hex,
      seed: hex,
      drawnAt: int,
      commitDeadline: int,
      revealDeadline: int,
      committed: int,
      revealed: int,
      committee: { type: 'array', items: ref('QuorumSeat') },
      result: hex,
      majority: int,
      share: amount,
      slashed: amount,
      poolSize: int,
      settledAt: int,
      escalatedFrom: { ...id, description: 'the Tasks task whose sampled verifier escalated here' },
    },
    ['taskId', 'requester', 'modelId', 'canonId', 'fee', 'size', 'status', 'createdAt', 'createdBlock', 'drawBlock', 'committed', 'revealed', 'committee'],
  ),
  QuorumTaskList: obj({ tasks: { type: 'array', items: ref('QuorumTask') }, next: id }, ['tasks']),
  Sample: obj(
    {
      taskId: { ...id, description: 'the Tasks task whose claim is sampled' },
      requester: address,
      worker: address,
      status: sampleStatus,
      requestedAt: int,
      drawBlock: int,
      sampled: { type: 'boolean', description: 'the coin; absent before the draw' },
      drawnAt: int,
      verifier: address,
      deadline: int,
      answer: { type: 'string', enum: ['agree', 'escalate', 'none'] },
      answeredAt: int,
      escalation: obj({ to: { type: 'string', enum: ['dispute', 'quorum'] }, id, status: str, claimRejected: { type: 'boolean' }, quorumResult: hex }, ['to', 'id']),
      slashed: amount,
      closedAt: int,
      taskStatus,
    },
    ['taskId', 'requester', 'worker', 'status', 'requestedAt', 'drawBlock'],
  ),
  SampleList: obj({ samples: { type: 'array', items: ref('Sample') }, next: id }, ['samples']),
  Validation: obj(
    {
      requestHash: hex,
      agentId: id,
      validator: address,
      mode: validationMode,
      tag: str,
      requestURI: str,
      requestedAt: int,
      response: int,
      respondedAt: int,
      block: int,
      txHash: hex,
    },
    ['requestHash', 'agentId', 'validator', 'mode', 'block'],
  ),
  Feedback: obj(
    {
      agentId: id,
      client: address,
      index: int,
      value: { type: 'string', pattern: '^-?[0-9]+$', description: 'fixed point: value / 10^valueDecimals' },
      valueDecimals: int,
      tag1: str,
      tag2: str,
      endpoint: str,
      feedbackURI: str,
      revoked: { type: 'boolean' },
      block: int,
      time: int,
      txHash: hex,
    },
    ['agentId', 'client', 'index', 'value', 'valueDecimals', 'tag1', 'tag2', 'endpoint', 'feedbackURI', 'revoked', 'block', 'time', 'txHash'],
  ),
  TaskList: obj({ tasks: { type: 'array', items: ref('Task') }, next: { ...id, description: 'pass as before= for the next page' } }, ['tasks']),
  DisputeMove: obj(
    {
      kind: { type: 'string', enum: ['GameOpened', 'Bisected', 'TensorRootRevealed', 'LeafRevealed', 'ElementPicked', 'Stepped', 'GameResolved'] },
      party: { type: 'string', enum: ['worker', 'challenger'] },
      phase: { type: 'string', enum: ['trace', 'header', 'tensor', 'leaf', 'step'] },
      block: int,
      time: int,
      txHash: hex,
      gasUsed: { ...id, description: 'gas of the transaction (shown on its first move only)' },
      depth: int,
      index: id,
      traceIndex: int,
      leafIndex: int,
      elementIndex: id,
      workerValue: str,
      challengerValue: str,
      correctValue: str,
    },
    ['kind', 'block', 'time', 'txHash'],
  ),
  Dispute: obj(
    {
      gameId: id,
      taskId: id,
      worker: address,
      challenger: address,
      status: { type: 'string', enum: ['in-progress', 'worker-won', 'challenger-won'] },
      resolution: { type: 'string', enum: ['step', 'timeout'] },
      modelId: hex,
      bond: amount,
      openedAt: int,
      resolvedAt: int,
      traceLength: int,
      traceIndex: int,
      moves: { type: 'array', items: ref('DisputeMove') },
      slashed: amount,
    },
    ['gameId', 'taskId', 'worker', 'challenger', 'status', 'bond', 'openedAt', 'moves'],
  ),
  Model: obj(
    {
      modelId: hex, name: str, format: { type: 'string', enum: ['int8', 'onnx-float'] }, ops: int, inputs: int, traceLength: int, canonicalisation: str, size: int,
      inputShape: { type: 'array', items: int }, registeredBy: address, registeredAt: int, tasks: int,
    },
    ['modelId', 'format', 'ops', 'inputs', 'traceLength', 'registeredBy', 'registeredAt', 'tasks'],
  ),
  Flow: obj(
    {
      id: int,
      kind: { type: 'string', enum: ['fee-paid', 'worker-paid', 'protocol-fee', 'quorum-share', 'slash', 'reward', 'refund', 'bond'] },
      from: address,
      to: address,
      amount,
      taskId: id,
      gameId: id,
      quorumTaskId: id,
      block: int,
      time: int,
      txHash: hex,
    },
    ['id', 'kind', 'amount', 'block', 'time', 'txHash'],
  ),
  FlowList: obj({ flows: { type: 'array', items: ref('Flow') }, totals: { type: 'object', additionalProperties: amount }, next: id }, ['flows', 'totals']),
  Stats: obj(
    {
      chainId: int,
      block: int,
      time: int,
      tasks: { type: 'object', additionalProperties: int },
      disputes: obj({ open: int, workerWon: int, challengerWon: int }, ['open', 'workerWon', 'challengerWon']),
      throughputPerMinute: num,
      gas: { type: 'object', additionalProperties: obj({ count: int, average: int }, ['count', 'average']) },
      series: { type: 'array', items: obj({ time: int, final: int, rejected: int }, ['time', 'final', 'rejected']) },
      agents: int,
      models: int,
      quorum: { type: 'object', additionalProperties: int },
      samples: { type: 'object', additionalProperties: int },
    },
    ['chainId', 'block', 'time', 'tasks', 'disputes', 'throughputPerMinute', 'gas', 'series', 'agents', 'models', 'quorum', 'samples'],
  ),
  Changed: obj({ block: int, events: int, reorgedTo: int }, ['block', 'events']),
};

const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = {
  '400': { description: 'malformed id or query parameter', content: json(ref('ApiError')) },
  '405': { description: 'any method but GET', content: json(ref('ApiError')) },
  '500': { description: 'internal error', content: json(ref('ApiError')) },
};
const ok = (description: string, schema: unknown) => ({ '200': { description, content: json(schema) }, ...errors });
const okOrMissing = (description: string, schema: unknown) => ({ ...ok(description, schema), '404': { description: 'no such id', content: json(ref('ApiError')) } });
const pathId = (what: string) => ({ name: 'id', in: 'path', required: true, description: `${what} id (decimal)`, schema: id });
const query = (name: string, schema: unknown, description: string) => ({ name, in: 'query', required: false, description, schema });
const limit = (max: number, dflt: number) => query('limit', { type: 'integer', minimum: 1, maximum: max, default: dflt }, 'page size');
const before = query('before', id, 'return items with a smaller id (the previous page\'s next)');

export function buildOpenApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vouch network API',
      version: '1',
      description: 'Read-only view of a Vouch deployment, indexed from chain events: tasks, claims, disputes move by move, quorum tasks and their committees, sampled claims, ERC-8004 validations and feedback, agents, stake and token flows. Amounts are token base units as decimal strings; ids are decimal strings; times are unix seconds of the chain.',
    },
    paths: {
      '/api/stats': { get: { summary: 'Totals, throughput, gas per transaction kind, settlement series', operationId: 'getStats', responses: ok('stats', ref('Stats')) } },
      '/api/agents': { get: { summary: 'Registered agents with stake, balance, earnings, slashes, reputation', operationId: 'listAgents', responses: ok('agents', obj({ agents: { type: 'array', items: ref('Agent') } }, ['agents'])) } },
      '/api/agents/{id}': { get: { summary: 'One agent', operationId: 'getAgent', parameters: [pathId('ERC-8004 agent')], responses: okOrMissing('the agent', ref('Agent')) } },
      '/api/agents/{id}/validations': {
        get: {
          summary: "The agent's ERC-8004 validations (requests and responses), newest first, with the mode their tag names",
          operationId: 'listValidations',
          parameters: [pathId('ERC-8004 agent'), query('mode', validationMode, 'only this mode'), limit(1000, 100)],
          responses: okOrMissing('validations', obj({ validations: { type: 'array', items: ref('Validation') } }, ['validations'])),
        },
      },
      '/api/agents/{id}/feedback': {
        get: {
          summary: 'ERC-8004 Reputation feedback given to the agent, newest first',
          operationId: 'listFeedback',
          parameters: [pathId('ERC-8004 agent'), limit(1000, 100)],
          responses: okOrMissing('feedback', obj({ feedback: { type: 'array', items: ref('Feedback') } }, ['feedback'])),
        },
      },
      '/api/models': { get: { summary: 'Registered models', operationId: 'listModels', responses: ok('models', obj({ models: { type: 'array', items: ref('Model') } }, ['models'])) } },
      '/api/tasks': {
        get: {
          summary: 'Tasks, newest first',
          operationId: 'listTasks',
          parameters: [query('status', taskStatus, 'only tasks in this status'), limit(500, 50), before],
          responses: ok('a page of tasks', ref('TaskList')),
        },
      },
      '/api/tasks/{id}': { get: { summary: 'One task with its claim, game and validation', operationId: 'getTask', parameters: [pathId('task')], responses: okOrMissing('the task', ref('Task')) } },
      '/api/disputes': {
        get: {
          summary: 'Dispute games, newest first, with their moves',
          operationId: 'listDisputes',
          parameters: [query('status', { type: 'string', enum: ['in-progress', 'worker-won', 'challenger-won'] }, 'only games in this status'), limit(500, 50), before],
          responses: ok('disputes', obj({ disputes: { type: 'array', items: ref('Dispute') } }, ['disputes'])),
        },
      },
      '/api/disputes/{id}': { get: { summary: 'One dispute game, every move with its gas', operationId: 'getDispute', parameters: [pathId('game')], responses: okOrMissing('the dispute', ref('Dispute')) } },
      '/api/quorum-tasks': {
        get: {
          summary: 'QuorumTasks tasks, newest first, each with its committee',
          operationId: 'listQuorumTasks',
          parameters: [query('status', quorumStatus, 'only tasks in this status'), query('member', address, 'only tasks this address sat on'), limit(500, 50), before],
          responses: ok('a page of quorum tasks', ref('QuorumTaskList')),
        },
      },
      '/api/quorum-tasks/{id}': { get: { summary: 'One quorum task: committee seats with commit/reveal progress, result, slashes', operationId: 'getQuorumTask', parameters: [pathId('quorum task')], responses: okOrMissing('the quorum task', ref('QuorumTask')) } },
      '/api/samples': {
        get: {
          summary: 'SamplingCoordinator samples of Tasks claims, newest task first',
          operationId: 'listSamples',
          parameters: [query('status', sampleStatus, 'only samples in this status'), query('verifier', address, 'only samples this verifier was drawn for'), limit(500, 50), before],
          responses: ok('a page of samples', ref('SampleList')),
        },
      },
      '/api/samples/{id}': { get: { summary: "The sample of one Tasks task's claim", operationId: 'getSample', parameters: [pathId('Tasks task')], responses: okOrMissing('the sample', ref('Sample')) } },
      '/api/flows': {
        get: {
          summary: 'Token flows (fees, payouts, quorum shares, refunds, bonds, slashes), newest first, with totals per kind',
          operationId: 'listFlows',
          parameters: [
            query('kind', { type: 'string', enum: ['fee-paid', 'worker-paid', 'protocol-fee', 'quorum-share', 'slash', 'reward', 'refund', 'bond'] }, 'only this kind'),
            query('taskId', id, 'only flows of this task'),
            query('gameId', id, 'only flows of this game'),
            query('quorumTaskId', id, 'only flows of this quorum task'),
            limit(1000, 100),
            before,
          ],
          responses: ok('flows', ref('FlowList')),
        },
      },
      '/api/events': {
        get: {
          summary: 'Server-Sent Events: "changed" with the indexed block whenever the index advances (once at connection)',
          operationId: 'streamEvents',
          responses: {
            '200': { description: 'an event stream; each message is `event: changed` with data `Changed` (JSON); comment lines keep it alive', content: { 'text/event-stream': { schema: ref('Changed') } } },
            '503': { description: 'too many open streams', content: json(ref('ApiError')) },
            ...errors,
          },
        },
      },
      '/openapi.json': { get: { summary: 'This document', operationId: 'getOpenApi', responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } } },
    },
    components: { schemas },
  };
}
