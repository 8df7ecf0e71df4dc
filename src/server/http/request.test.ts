import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createMerchant, updateMerchant } from '../admin/commands.js';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { Stores } from '../stores/types.js';
import { createHarness, mint, type Harness } from '../testing/harness.js';
import { z } from 'zod';
import type { ApiError } from '../errors.js';
import { isOrigin } from '../../shared/origin.js';
import { parseBody } from './request.js';

/**
 * An origin names one host: a merchant's whitelist becomes the CSP `frame-ancestors` of
 * its frame, where a wildcard or a `;` would let other sites frame the card.
 */
const NOT_ORIGINS: [string, string][] = [
  ['any host over http', 'http://*'],
  ['any host over https', 'https://*'],
  ['a wildcard subdomain', 'https://*.shop.example'],
  ['a wildcard port', 'https://shop.example:*'],
  ['a semicolon, which ends a CSP directive', 'https://a;b.com'],
  ['a comma, which separates CSP policies', 'https://a,b.com'],
  ['a quote', "https://a'b.com"],
  ['a double quote', 'https://a"b.com'],
  ['a space', 'https://a b.com'],
  ['an encoded space', 'https://a%20b.com'],
  ['userinfo', 'https://user@shop.example'],
  ['a path', 'https://shop.example/path'],
  ['a trailing slash', 'https://shop.example/'],
  ['a query', 'https://shop.example?x=1'],
  ['an underscore', 'https://a_b.shop.example'],
  ['a label starting with a hyphen', 'https://-a.shop.example'],
  ['an empty label', 'https://a..shop.example'],
  ['a trailing dot', 'https://shop.example.'],
  ['a label of 64 characters', `https://${'a'.repeat(64)}.example`],
  ['capitals, which browsers never send', 'https://Shop.example'],
  ['a default port written out', 'https://shop.example:443'],
  ['an IPv4 address written short', 'http://127.1'],
  ['an IPv4 address out of range', 'http://256.0.0.1'],
  ['an IPv6 address without brackets', 'http://::1'],
  ['an IPv6 address not in its shortest form', 'http://[0:0:0:0:0:0:0:1]'],
  ['a port out of range', 'https://shop.example:65536'],
  ['another scheme', 'ftp://shop.example'],
  ['javascript:', 'javascript:alert(1)'],
  ['null', 'null'],
  ['nothing', ''],
];

const ORIGINS: [string, string][] = [
  ['a host name', 'https://shop.example'],
  ['a host name with a port', 'http://shop.example:8788'],
  ['a punycode name', 'https://xn--bcher-kva.example'],
  ['a hyphenated name', 'https://m-shop.example'],
  ['localhost', 'http://localhost:8788'],
  ['an IPv4 address', 'http://127.0.0.1:8788'],
  ['an IPv6 address', 'http://[::1]:8788'],
  ['a longer IPv6 address', 'https://[2001:db8::1]'],
];

describe('isOrigin', () => {
  it.each(NOT_ORIGINS)('refuses %s', (_name, value) => {
    expect(isOrigin(value)).toBe(false);
  });

  it.each(ORIGINS)('accepts %s', (_name, value) => {
    expect(isOrigin(value)).toBe(true);
  });
});

describe('a merchant whitelist (the admin CLI’s merchant:create and merchant:update)', () => {
  let stores: Stores;
  beforeEach(() => {
    stores = createSqliteStores(':memory:', randomBytes(32));
  });
  afterEach(() => stores.close());

  it.each(NOT_ORIGINS)('refuses %s with 1004 origin', async (_name, value) => {
    await expect(createMerchant(stores, { name: 'Shop', origins: [value] })).rejects.toMatchObject({
      code: 1004,
      field: 'origin',
    });
    const { merchant_id } = await createMerchant(stores, { name: 'Shop', origins: ['https://shop.example'] });
    await expect(updateMerchant(stores, merchant_id, { origins: ['https://shop.example', value] })).rejects.toMatchObject({
      code: 1004,
      field: 'origin',
    });
    expect((await stores.merchants.get(merchant_id))?.origins).toEqual(['https://shop.example']);
  });
});

describe('a minted token’s parent_origin', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it.each(NOT_ORIGINS)('refuses %s with 1004 naming parent_origin', async (_name, value) => {
    const res = await mint(h, { parent_origin: value });
    expect(res.json()).toEqual({ code: 1004, msg: 'parent_origin: Invalid request parameter' });
  });
});

describe('parseBody', () => {
  const schema = z.object({ session_id: z.string(), nested: z.object({ field: z.string() }).optional() }).strict();
  const refusal = (body: unknown) => {
    try {
      parseBody(schema, body);
    } catch (e) {
      return (e as ApiError).field;
    }
    return 'accepted';
  };

  it('names the field at fault, or the unknown key a caller sent by mistake', () => {
    expect(refusal({ session_id: 1 })).toBe('session_id');
    expect(refusal({ session_id: 'x', debug: true })).toBe('debug');
    expect(refusal({ session_id: 'x', parentOrigin: 'https://a.example' })).toBe('parentOrigin');
    expect(refusal({ session_id: 'x\u0000' })).toBe('session_id');
  });

  it.each([
    ['markup', '<svg onload=alert(1)>'],
    ['a space', 'session id'],
    ['a long key', 'a'.repeat(65)],
    ['a NUL', 'a\u0000b'],
    ['an empty key', ''],
  ])('says `body` rather than echo a key that is %s', (_, key) => {
    expect(refusal({ session_id: 'x', [key]: 1 })).toBe('body');
  });
});
