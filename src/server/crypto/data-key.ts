import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Encryption at rest for card data and API secrets (DESIGN §8): AES-256-GCM with the
 * record's id as AAD, so a ciphertext copied onto another row does not decrypt.
 * Layout: iv (12) | tag (16) | ciphertext.
 */
export interface DataCipher {
  seal(plaintext: string, recordId: string): Buffer;
  open(blob: Buffer, recordId: string): string;
}

export function createDataCipher(key: Buffer): DataCipher {
  if (key.length !== 32) throw new Error('The data key must be 32 bytes');
  return {
    seal(plaintext, recordId) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(recordId));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    open(blob, recordId) {
      // a whole tag or nothing: Node would take a tag cut to 4 bytes, and a forgery with it
      if (blob.length < 28) throw new Error('A sealed value is shorter than its IV and tag');
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12), { authTagLength: 16 });
      d.setAAD(Buffer.from(recordId));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/**
 * The key from CARDVEIL_DATA_KEY (hex or base64), or for development a key generated
 * once next to the database file, readable by its owner only. Generated only with a new
 * store: beside an existing one that has none, a key of its own would seal nothing it holds
 * (a store made with CARDVEIL_DATA_KEY, opened from a shell without it), so that is refused.
 */
export function resolveDataKey(configured: string | undefined, dbFile: string): Buffer {
  if (configured) return Buffer.from(configured, configured.length === 64 ? 'hex' : 'base64');
  const dir = dbFile === ':memory:' ? null : dirname(dbFile);
  if (!dir) return randomBytes(32);
  const file = join(dir, 'dev-data.key');
  if (!existsSync(file) && existsSync(dbFile)) {
    throw new Error(
      `No data key for the store at ${dbFile}: set the CARDVEIL_DATA_KEY it was made with, restore the dev-data.key beside it, or, for a development store, remove it to start afresh`,
    );
  }
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  // a copy restored with looser rights opens every card to whoever can read it
  if (statSync(file).mode & 0o077) {
    throw new Error(`The data key at ${file} is readable by others than its owner: chmod 600 it, then start again`);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
