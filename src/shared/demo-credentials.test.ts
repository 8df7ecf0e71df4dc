import { describe, expect, it } from 'vitest';
import { demoPageOrigin } from './demo-credentials.js';

describe('the demo page’s origin', () => {
  it.each([
    ['nothing set', {}, 'http://127.0.0.1:8788'],
    ['another port', { DEMO_PORT: '9000' }, 'http://127.0.0.1:9000'],
    ['a LAN address, for a phone on the same network', { DEMO_HOST: '192.168.1.20' }, 'http://192.168.1.20:8788'],
    ['a host name, lowercased', { DEMO_HOST: 'Shop.Local' }, 'http://shop.local:8788'],
    ['an IPv6 address, in brackets', { DEMO_HOST: '::1' }, 'http://[::1]:8788'],
    ['the IPv4 wildcard, as loopback', { DEMO_HOST: '0.0.0.0' }, 'http://127.0.0.1:8788'],
    ['the default port, left out', { DEMO_HOST: 'localhost', DEMO_PORT: '80' }, 'http://localhost'],
  ])('is where a browser reaches the demo: %s', (_name, env, origin) => {
    expect(demoPageOrigin(env)).toBe(origin);
  });
});

// `DEMO_PORT=abc` used to reach the seed as a 1004 on `origin`, and the demo's listen as Node's own port error
describe('demo variables that cannot be used', () => {
  it.each(['', 'abc', '0', '65536', '80.5', '0x50'])('stop with a sentence naming DEMO_PORT=%j', (port) => {
    expect(() => demoPageOrigin({ DEMO_PORT: port })).toThrow(
      /^Invalid configuration:\n {2}DEMO_PORT: must be a port number, 1 to 65535$/,
    );
  });

  it.each(['a/b', 'user@host', 'my host'])('stop with a sentence naming DEMO_HOST=%j', (host) => {
    expect(() => demoPageOrigin({ DEMO_HOST: host })).toThrow(
      /^Invalid configuration:\n {2}DEMO_HOST: cannot make an origin of it$/,
    );
  });
});
