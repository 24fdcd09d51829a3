import { privateKeyToAccount } from 'viem/accounts';
import { buildAgentCard } from '../../src/protocol/buildAgentCard.ts';
import type { EnvelopeDomain, ServedModel } from '../../src/protocol/types.ts';

// anvil's first two default keys: well known, test only.
export const requester = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
export const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

export const domain: EnvelopeDomain = { chainId: 31337, verifyingContract: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9' };
export const agentId = 1n;
export const registry = 'eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3';

export const mnistModel: ServedModel = {
  modelId: '0x1095497de67cc726a77416b751a1a0c3a59095ab762b0a1ed5826d9f3d79c9e0',
  name: 'mnist-cnn',
  modes: ['optimistic', 'quorum', 'sampled'],
};

export function testCard(url = 'http://127.0.0.1:8545/a2a', models: ServedModel[] = [mnistModel]) {
  return buildAgentCard({
    name: 'vouch-worker-mnist',
    description: 'Vouch worker serving int8 MNIST inference',
    url,
    agentId,
    registry,
    registration: 'https://worker.vouch.example/registration.json',
    domain,
    models,
  });
}
