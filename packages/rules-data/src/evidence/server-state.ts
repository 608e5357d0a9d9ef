import { callAsText } from './reply.js';
import type { ConfigOverride, EvidenceConnection } from './types.js';

const configValue = async (connection: EvidenceConnection, parameter: string): Promise<string> => {
  const reply = await connection.call(['CONFIG', 'GET', parameter]);
  const value = Array.isArray(reply) ? reply[1] : undefined;
  if (value === undefined) throw new Error(`CONFIG GET ${parameter} returned nothing`);
  return String(value instanceof Uint8Array ? new TextDecoder().decode(value) : value);
};

/** Applies config overrides and returns the function that restores the previous values. */
export const applyConfig = async (
  connection: EvidenceConnection,
  overrides: readonly ConfigOverride[],
): Promise<() => Promise<void>> => {
  const previous: ConfigOverride[] = [];
  for (const { parameter, value } of overrides) {
    previous.unshift({ parameter, value: await configValue(connection, parameter) });
    await connection.call(['CONFIG', 'SET', parameter, value]);
  }
  return async () => {
    for (const { parameter, value } of previous) await connection.call(['CONFIG', 'SET', parameter, value]);
  };
};

const usedMemory = async (connection: EvidenceConnection): Promise<number> => {
  const info = JSON.parse(await callAsText(connection, ['INFO', 'memory'])) as string;
  const match = /used_memory:(\d+)/.exec(info);
  if (!match?.[1]) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
};

/**
 * Sets maxmemory just below the memory in use under `policy`, lets one command run so the server evicts
 * (performEvictions() runs before every command, server.c processCommand()), and restores the limit.
 */
export const squeezeMemory = async (connection: EvidenceConnection, policy: string): Promise<void> => {
  const restore = await applyConfig(connection, [{ parameter: 'maxmemory-policy', value: policy }]);
  try {
    const limit = Math.max(1, (await usedMemory(connection)) - 128 * 1024);
    const restoreLimit = await applyConfig(connection, [{ parameter: 'maxmemory', value: String(limit) }]);
    try {
      await connection.call(['PING']);
    } finally {
      await restoreLimit();
    }
  } finally {
    await restore();
  }
};
