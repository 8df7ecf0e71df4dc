import { describe, expect, it } from 'vitest';
import { checkServer } from './client.js';

/**
 * What an instance checks of Redis at start-up, from one INFO: a version new enough for the
 * client and the scripts, and a policy that never evicts. A refusal names the host and the
 * reason, never the password.
 */
const REDIS_URL = 'redis://:hunter2@redis.internal:6379/0';

const info = (version: string | null, policy = 'noeviction') =>
  [
    '# Server',
    ...(version === null ? [] : [`redis_version:${version}`]),
    'redis_git_sha1:00000000',
    'redis_mode:standalone',
    '',
    '# Memory',
    'used_memory:1013352',
    `maxmemory_policy:${policy}`,
    '',
  ].join('\r\n');

describe('the Redis server check, at start-up and on every reconnection', () => {
  it.each(['6.2.0', '6.2.14', '7.0.15', '7.4.2', '10.0.0'])('accepts Redis %s with noeviction', (version) => {
    expect(() => checkServer(info(version), REDIS_URL)).not.toThrow();
  });

  it.each(['6.0.20', '6.1.9', '5.0.14', '2.8.24'])('refuses Redis %s, naming it and the minimum', (version) => {
    expect(() => checkServer(info(version), REDIS_URL)).toThrow(
      `Redis at redis://redis.internal:6379/0 runs Redis ${version}; Cardveil needs 6.2.0 or newer`,
    );
  });

  it('refuses a server that does not report its version', () => {
    expect(() => checkServer(info(null), REDIS_URL)).toThrow('does not report its version; Cardveil needs Redis 6.2.0 or newer');
  });

  it('reads the version from its own line, not from another field that ends alike', () => {
    const spoofed = info('5.0.14').replace('redis_git_sha1:00000000', 'other_redis_version:7.0.0');
    expect(() => checkServer(spoofed, REDIS_URL)).toThrow('runs Redis 5.0.14');
  });

  it('refuses an evicting policy on a recent Redis', () => {
    expect(() => checkServer(info('7.0.15', 'volatile-lru'), REDIS_URL)).toThrow(
      'runs maxmemory-policy volatile-lru; Cardveil needs noeviction',
    );
  });

  it('refuses a server that does not report its policy, as one that does not report its version', () => {
    const silent = info('7.0.15').replace('maxmemory_policy:noeviction', '');
    expect(() => checkServer(silent, REDIS_URL)).toThrow('does not report its maxmemory-policy; Cardveil needs noeviction');
  });

  it('refuses a replica, which refuses every write, and takes a primary', () => {
    const replication = (role: string) => `${info('7.0.15')}# Replication\r\nrole:${role}\r\nconnected_slaves:0\r\n`;
    expect(() => checkServer(replication('slave'), REDIS_URL)).toThrow(
      'is a replica, which refuses writes; Cardveil needs the primary',
    );
    expect(() => checkServer(replication('master'), REDIS_URL)).not.toThrow();
  });

  it('never names the password', () => {
    for (const bad of [info('5.0.14'), info(null), info('7.0.15', 'allkeys-lru')]) {
      expect(() => checkServer(bad, REDIS_URL)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    }
  });
});
