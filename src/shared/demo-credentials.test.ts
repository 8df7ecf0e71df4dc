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
