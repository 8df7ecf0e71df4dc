import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataCipher, resolveDataKey } from './data-key.js';

describe('the data key', () => {
  it('is generated beside a new store, and read back after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardveil-dk-'));
    try {
      const db = join(dir, 'cardveil.sqlite');
      const made = resolveDataKey(undefined, db);
      writeFileSync(db, ''); // the store the key made
      expect(resolveDataKey(undefined, db).equals(made)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is refused when others than its owner may read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardveil-dk-'));
    try {
      const db = join(dir, 'cardveil.sqlite');
      const made = resolveDataKey(undefined, db);
      writeFileSync(db, '');
      chmodSync(join(dir, 'dev-data.key'), 0o644);
      expect(() => resolveDataKey(undefined, db)).toThrow('is readable by others than its owner: chmod 600 it');
      chmodSync(join(dir, 'dev-data.key'), 0o600);
      expect(resolveDataKey(undefined, db).equals(made)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not generated beside an existing store that has none: another key would open nothing there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardveil-dk-'));
    try {
      const db = join(dir, 'cardveil.sqlite');
      writeFileSync(db, ''); // made with CARDVEIL_DATA_KEY, opened from a shell without it
      expect(() => resolveDataKey(undefined, db)).toThrow('No data key for the store at');
      expect(existsSync(join(dir, 'dev-data.key'))).toBe(false);
      expect(resolveDataKey('ab'.repeat(32), db)).toHaveLength(32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data at rest', () => {
  const cipher = createDataCipher(randomBytes(32));

  it('round-trips a record and never stores the plaintext', () => {
    const blob = cipher.seal('{"pan":"4242424242424242"}', 'card:1');
    expect(blob.toString('latin1')).not.toContain('4242');
    expect(cipher.open(blob, 'card:1')).toBe('{"pan":"4242424242424242"}');
  });

  it('refuses a blob moved to another record', () => {
    const blob = cipher.seal('secret', 'card:1');
    expect(() => cipher.open(blob, 'card:2')).toThrow();
  });

  // Node takes a GCM tag of 4 bytes: a blob cut after them opened, as an empty value
  it('refuses a blob whose tag was cut short', () => {
    const blob = cipher.seal('', 'card:1');
    expect(cipher.open(blob, 'card:1')).toBe('');
    expect(() => cipher.open(blob.subarray(0, 16), 'card:1')).toThrow('A sealed value is shorter than its IV and tag');
  });

  it('refuses a tampered blob', () => {
    const blob = cipher.seal('secret', 'card:1');
    blob[blob.length - 1]! ^= 1;
    expect(() => cipher.open(blob, 'card:1')).toThrow();
  });
});
