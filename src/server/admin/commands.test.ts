import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { AuditEntry, Stores } from '../stores/types.js';
import {
  AUDIT_READ_LIMIT,
  AUDIT_SETTLE_MS,
  AdminRefusal,
  auditWindow,
  createMerchant,
  readAudit,
  unsettledAuditNote,
} from './commands.js';

const NOW = 1_800_000_000_000;
let stores: Stores;
beforeEach(() => {
  stores = createSqliteStores(':memory:', randomBytes(32));
});
afterEach(() => stores.close());

const entry = (at: number): AuditEntry => ({
  at,
  action: 'reveal',
  outcome: 0,
  merchantId: 'mch_1',
  cardId: 'card_1',
  cardLast4: '1111',
  sessionId: 'ses_1',
  field: 'pan',
  origin: 'https://shop.example',
  ip: '203.0.113.7',
});

describe('auditWindow', () => {
  const at = Date.parse('2026-11-01T00:00:00Z');
  it('reads --since and --until to their last digit, and rounds them up to the millisecond the log keeps', () => {
    expect(auditWindow('2026-11-01T00:00:00.0001Z', '2026-11-01T00:00:00.0002Z')).toEqual([at + 1, at + 1]);
    expect(auditWindow('2026-11-01T00:00:00Z', '2026-11-01T08:00:00.005+08:00')).toEqual([at, at + 5]);
    expect(auditWindow(undefined, '2026-11-01T00:00:00Z')).toEqual([undefined, at]);
    expect(auditWindow()).toEqual([undefined, undefined]);
  });

  it.each([
    ['equal', '2026-11-01T00:00:00.0001Z', '2026-11-01T00:00:00.00010Z'],
    ['before its start', '2026-11-01T00:00:00.0002Z', '2026-11-01T00:00:00.0001Z'],
  ])('refuses a window whose end is %s (1019), and a time without a zone (1004)', (_name, since, until) => {
    expect(() => auditWindow(since, until)).toThrow(expect.objectContaining({ code: 1019 }));
    expect(() => auditWindow('2026-11-01T00:00:00', undefined)).toThrow(expect.objectContaining({ code: 1004, field: 'since' }));
  });
});

// an entry dated before a read's end may be written after it: it then falls in neither window
describe('unsettledAuditNote', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('says from when the log may still gain entries, for a window that reaches there or has no end', () => {
    const says = 'Entries dated from 2026-11-28T11:54:00.000Z on may still be written';
    expect(unsettledAuditNote(undefined, now)).toContain(says);
    expect(unsettledAuditNote(now - AUDIT_SETTLE_MS + 1, now)).toContain(says);
  });

  it('says nothing of a window that ended before then', () => {
    expect(unsettledAuditNote(now - AUDIT_SETTLE_MS, now)).toBeUndefined();
  });
});

describe('readAudit', () => {
  it('refuses with 1020 rather than print a log cut short, saying how to narrow it', async () => {
    await Promise.all(Array.from({ length: AUDIT_READ_LIMIT + 1 }, (_, i) => stores.audit.record(entry(NOW + i))));
    const refusal = await readAudit(stores, undefined, undefined).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AdminRefusal);
    const split = new Date(NOW + AUDIT_READ_LIMIT).toISOString();
    expect(refusal).toMatchObject({ code: 1020, reason: expect.stringContaining(`--until ${split}, then --since ${split}`) });
    // the two windows it names hold every entry once
    const first = await readAudit(stores, undefined, undefined, NOW + AUDIT_READ_LIMIT);
    const rest = await readAudit(stores, undefined, NOW + AUDIT_READ_LIMIT);
    expect(first).toHaveLength(AUDIT_READ_LIMIT);
    expect(rest.map((e) => e.at)).toEqual([split]);
  });

  it('reaches entries older than the newest 10,000 too, and those recorded out of time order', async () => {
    // the oldest entry is recorded last (a slower clock): reading by insertion order, a
    // window from --since would have skipped it
    await Promise.all(Array.from({ length: AUDIT_READ_LIMIT + 5 }, (_, i) => stores.audit.record(entry(NOW + 10 + i))));
    await stores.audit.record(entry(NOW));
    const refusal = await readAudit(stores, undefined, undefined).catch((e: { reason: string }) => e);
    const split = /--until (\S+),/.exec((refusal as { reason: string }).reason)![1]!;
    const first = await readAudit(stores, undefined, undefined, Date.parse(split));
    const rest = await readAudit(stores, undefined, Date.parse(split));
    expect(first[0]!.at).toBe(new Date(NOW).toISOString());
    expect(first.length + rest.length).toBe(AUDIT_READ_LIMIT + 6);
  });

  it('prints a log of exactly the limit whole', async () => {
    await Promise.all(Array.from({ length: AUDIT_READ_LIMIT }, (_, i) => stores.audit.record(entry(NOW + i))));
    expect(await readAudit(stores, undefined, undefined)).toHaveLength(AUDIT_READ_LIMIT);
  });
});

describe('createMerchant', () => {
  it('refuses a merchant without an origin', async () => {
    await expect(createMerchant(stores, { name: 'Shop', origins: [] })).rejects.toMatchObject({ code: 1004, field: 'origin' });
  });

  it('stores each mode and origin once', async () => {
    const { merchant_id } = await createMerchant(stores, {
      name: 'Shop',
      origins: ['https://shop.example', 'https://shop.example'],
      modes: ['embed', 'embed'],
    });
    expect(await stores.merchants.get(merchant_id)).toMatchObject({ modes: ['embed'], origins: ['https://shop.example'] });
  });
});
