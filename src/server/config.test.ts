import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from '../shared/config-error.js';

describe('configuration', () => {
  it('derives the public origin from host and port', () => {
    expect(loadConfig({ PORT: '9000' }).PUBLIC_ORIGIN).toBe('http://127.0.0.1:9000');
  });

  // written as a browser's Origin header writes it: the display API compares the two (1016)
  it.each([
    ['a host name', { HOST: 'localhost' }, 'http://localhost:8787'],
    ['a host name in capitals, lowercased', { HOST: 'LocalHost' }, 'http://localhost:8787'],
    ['an IPv6 address, in brackets', { HOST: '::1' }, 'http://[::1]:8787'],
    ['the IPv4 wildcard, as loopback', { HOST: '0.0.0.0' }, 'http://127.0.0.1:8787'],
    ['the IPv6 wildcard, as loopback', { HOST: '::' }, 'http://127.0.0.1:8787'],
    ['the default port, left out', { HOST: 'localhost', PORT: '80' }, 'http://localhost'],
  ])('derives the public origin from %s', (_name, env, origin) => {
    expect(loadConfig(env).PUBLIC_ORIGIN).toBe(origin);
  });

  it('takes PUBLIC_ORIGIN as given over anything HOST would make', () => {
    expect(loadConfig({ HOST: 'localhost', PUBLIC_ORIGIN: 'https://cards.example' }).PUBLIC_ORIGIN).toBe('https://cards.example');
  });

  it.each(['a/b', 'user@host', '*', 'my host', 'fe80::1%eth0'])(
    'refuses a HOST of %j, which makes no origin, naming it',
    (host) => {
      expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
      expect(() => loadConfig({ HOST: host })).toThrow('HOST: cannot make an origin of it; set PUBLIC_ORIGIN');
      expect(loadConfig({ HOST: host, PUBLIC_ORIGIN: 'http://127.0.0.1:8787' }).PUBLIC_ORIGIN).toBe('http://127.0.0.1:8787');
    },
  );

  it('stops with a sentence naming each bad variable', () => {
    const bad = () => loadConfig({ PORT: 'eighty', PUBLIC_ORIGIN: 'http://x.example/path', CARDVEIL_DATA_KEY: 'short' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/^\s+PORT: /m);
    expect(bad).toThrow('PUBLIC_ORIGIN: must be an origin');
    expect(bad).toThrow(/^\s+CARDVEIL_DATA_KEY: /m);
  });

  // an empty PORT (a .env line left blank) used to coerce to 0: a random port, and an origin naming port 0
  it.each(['', '0', '65536', '80.5', ' 80', '0x50', '1e3'])('refuses a PORT of %j, naming it', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(/^\s+PORT: must be a port number, 1 to 65535$/m);
    expect(() => loadConfig({ PORT: port, PUBLIC_ORIGIN: 'http://127.0.0.1:8787' })).toThrow(ConfigError);
  });

  it.each([
    ['1', 1],
    ['65535', 65535],
  ])('takes a PORT of %j as %d', (port, n) => {
    expect(loadConfig({ PORT: port }).PORT).toBe(n);
  });

  describe('TRUST_PROXY', () => {
    it.each([
      ['unset', undefined, false],
      ['0', '0', false],
      ['false', 'false', false],
      ['proxy addresses and CIDRs', '10.0.0.0/8, 192.0.2.7,2001:db8::/32', ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']],
    ])('takes %s', (_name, value, trusted) => {
      expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(trusted);
    });

    // `true` would trust every hop: the client's own leftmost X-Forwarded-For entry would count;
    // a hop count, whoever connects
    it.each(['true', 'yes', 'on', '1', '2', 'loadbalancer', '10.0.0.0/33', '1.5', '-1', '10.0.0.1,'])(
      'refuses %j, naming it',
      (value) => {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow("TRUST_PROXY: must list the proxies' addresses or CIDRs");
      },
    );
  });

  describe('scaled out', () => {
    const key = 'ab'.repeat(32);
    const scaled = { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cardveil' };

    it('takes both store URLs with a shared data key', () => {
      expect(loadConfig({ ...scaled, CARDVEIL_DATA_KEY: key })).toMatchObject({ ...scaled, REDIS_KEY_PREFIX: 'cardveil:' });
    });

    it.each([
      ['only REDIS_URL', { REDIS_URL: scaled.REDIS_URL, CARDVEIL_DATA_KEY: key }, 'set both'],
      ['only DATABASE_URL', { DATABASE_URL: scaled.DATABASE_URL, CARDVEIL_DATA_KEY: key }, 'set both'],
      ['no shared data key', scaled, 'CARDVEIL_DATA_KEY: required when scaled out'],
      ['a Redis URL of another scheme', { ...scaled, REDIS_URL: 'http://127.0.0.1:6379', CARDVEIL_DATA_KEY: key }, 'REDIS_URL'],
      ['a database URL of another scheme', { ...scaled, DATABASE_URL: 'mysql://x', CARDVEIL_DATA_KEY: key }, 'DATABASE_URL'],
      ['a key prefix with spaces', { ...scaled, CARDVEIL_DATA_KEY: key, REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX'],
    ])('refuses %s, naming it', (_name, env, text) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(text);
    });

    it('never repeats a store password in its messages', () => {
      const env = { ...scaled, DATABASE_URL: 'mysql://u:hunter2@127.0.0.1:3306/x', CARDVEIL_DATA_KEY: key };
      expect(() => loadConfig(env)).toThrow('DATABASE_URL');
      expect(() => loadConfig(env)).not.toThrow(/hunter2/);
    });
  });
});
