import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDataCipher } from './data-key.js';

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

  it('refuses a tampered blob', () => {
    const blob = cipher.seal('secret', 'card:1');
    blob[blob.length - 1]! ^= 1;
    expect(() => cipher.open(blob, 'card:1')).toThrow();
  });
});
