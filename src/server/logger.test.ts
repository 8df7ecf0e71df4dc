import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createHarness } from './testing/harness.js';
import { loggedUrl, loggerOptions } from './logger.js';

const TOKEN = `cat_${'Q'.repeat(20)}-${'z'.repeat(22)}`;

describe('loggedUrl', () => {
  it.each([
    ['a path alone', '/healthz', '/healthz'],
    [
      'the frame’s own query',
      '/embed?merchant_id=mch_x1&frame_id=4019_1_23_4294967295_7&locale=zh_CN',
      '/embed?merchant_id=mch_x1&frame_id=4019_1_23_4294967295_7&locale=zh_CN',
    ],
    ['a token in the query', `/hosted?locale=en_US&token=${TOKEN}`, '/hosted?locale=en_US&[redacted]'],
    ['a bare key', `/hosted?${TOKEN}`, '/hosted?[redacted]'],
    ['a token in the path', `/hosted/${TOKEN}`, '/hosted/[redacted]'],
    ['a secret-shaped value under a shown key', `/embed?merchant_id=${TOKEN}`, '/embed?[redacted]'],
    [
      'a token cut in two under shown keys, neither half secret-shaped alone',
      `/embed?merchant_id=mch_x1&frame_id=${TOKEN.slice(0, 30)}&locale=${TOKEN.slice(30)}`,
      '/embed?merchant_id=mch_x1&[redacted]&[redacted]',
    ],
    ['a card number in the path', '/cards/4242424242424242/cvv', '/cards/[redacted]/cvv'],
    ['a card number written in groups', '/cards/4242-4242-4242-4242', '/cards/[redacted]'],
    ['a card number written with spaces', '/v1/4242%204242%204242%204242?locale=en_US', '/v1/[redacted]?locale=en_US'],
    ['a key no query may name', '/embed?constructor=1&__proto__=2', '/embed?[redacted]&[redacted]'],
    ['a short number', '/api/v1/pci/display/sessions/20261127', '/api/v1/pci/display/sessions/20261127'],
  ])('shows %s without a secret', (_, url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });
});

describe('the request log', () => {
  it('holds no token a merchant put in a URL, whichever way the logger is made', async () => {
    const h = await createHarness();
    try {
      for (const made of ['options', 'instance'] as const) {
        const lines: string[] = [];
        const stream = new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString());
            done();
          },
        });
        const config = { ...h.config, LOG_LEVEL: 'info' as const };
        const app = await buildApp(
          made === 'options'
            ? { config, stores: h.stores, logStream: stream }
            : { config, stores: h.stores, logger: pino(loggerOptions('info'), stream) },
        );
        try {
          await app.inject({ method: 'GET', url: `/hosted?token=${TOKEN}` });
          await app.inject({ method: 'GET', url: `/hosted/${TOKEN}` });
          await app.inject({ method: 'GET', url: '/embed?merchant_id=mch_shown1&locale=en_US' });
          const log = lines.join('');
          expect(log).toContain('"url":"/hosted?[redacted]"');
          expect(log).toContain('mch_shown1');
          expect(log).not.toContain(TOKEN);
        } finally {
          await app.close();
        }
      }
    } finally {
      await h.close();
    }
  });
});
