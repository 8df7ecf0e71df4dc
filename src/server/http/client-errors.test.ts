import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { errorMessage } from '../../shared/error-codes.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { createHarness, type Harness } from '../testing/harness.js';
import { API_HEADERS } from './security-headers.js';
import { createClientErrorHandler } from './client-errors.js';

/**
 * Bytes Node's HTTP parser refuses never reach a route: the answer is written to the socket
 * by our client-error handler. It must look like every other refusal, and log nothing of
 * what was sent, even at the most verbose level.
 */
const ACCESS_TOKEN = `mat_${'S'.repeat(43)}`;
const CARD_TOKEN = `cat_${'T'.repeat(43)}`;

let h: Harness;
let app: Awaited<ReturnType<typeof buildApp>>;
let port: number;
const log: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString());
      done();
    },
  });
  app = await buildApp({ config: { ...h.config, LOG_LEVEL: 'trace' }, stores: h.stores, logStream: stream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app?.close();
  await h?.close();
});

/** Sends raw bytes and reads until the server closes the connection. */
function send(bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = Buffer.concat(chunks).toString().split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

const body = JSON.stringify({ client_access_token: CARD_TOKEN, mode: 'hosted' });
const chunked = (tail: string) =>
  `POST ${MERCHANT_ROUTES.clientAccessTokens} HTTP/1.1\r\nHost: x\r\nAccess-Token: ${ACCESS_TOKEN}\r\n` +
  `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n${tail}`;

describe('a request Node cannot parse', () => {
  it.each([
    ['a broken chunk after a body with a token in it', chunked('zz\r\n\r\n'), 400],
    ['two Content-Length headers', `GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400],
    ['a control byte in a header', `GET /healthz HTTP/1.1\r\nHost: x\r\nAccess-Token: ${ACCESS_TOKEN}\x01\r\n\r\n`, 400],
    ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`, 431],
  ])('%s: answered in the envelope with the API headers', async (_name, bytes, status) => {
    const res = await send(bytes);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ code: 1004, msg: errorMessage(1004, 'en_US') });
    for (const [k, v] of Object.entries(API_HEADERS)) expect(res.headers[k.toLowerCase()]).toBe(v);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('is not written into the middle of an answer already going out on the same connection', async () => {
    const streaming = Fastify({ clientErrorHandler: createClientErrorHandler(h.config.PUBLIC_ORIGIN) });
    streaming.get('/slow', async (_req, reply) => {
      reply.raw.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '20' });
      reply.raw.write('0123456789');
      await new Promise((r) => setTimeout(r, 300));
      reply.raw.end('ABCDEFGHIJ');
      return reply;
    });
    await streaming.listen({ port: 0, host: '127.0.0.1' });
    try {
      const received = await new Promise<string>((resolve, reject) => {
        const socket = connect((streaming.server.address() as AddressInfo).port, '127.0.0.1', () => {
          socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
        });
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => {
          // a second request on the connection, unparsable, once the first answer is half out
          if (chunks.length === 0) socket.write('GET /x HTTP/1.1\r\nHost: x\r\nBad\x01Header: y\r\n\r\n');
          chunks.push(c);
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
      });
      expect(received).toContain('0123456789');
      expect(received).not.toContain('HTTP/1.1 400');
    } finally {
      await streaming.close();
    }
  });

  it('is logged by its code only, never with the bytes that were sent, even at trace level', async () => {
    await send(chunked('zz\r\n\r\n'));
    const lines = log.join('');
    expect(lines).toContain('malformed request refused');
    expect(lines).toContain('HPE_INVALID_CHUNK_SIZE');
    expect(lines).not.toContain(ACCESS_TOKEN);
    expect(lines).not.toContain(CARD_TOKEN);
    expect(lines).not.toContain('rawPacket');
  });
});

describe('a request that stalls', () => {
  let slowApp: Awaited<ReturnType<typeof buildApp>>;
  let slowPort: number;
  beforeAll(async () => {
    slowApp = await buildApp({ config: h.config, stores: h.stores, requestTimeoutMs: 300 });
    await slowApp.listen({ port: 0, host: '127.0.0.1' });
    slowPort = (slowApp.server.address() as AddressInfo).port;
  });
  afterAll(() => slowApp?.close());

  /** Sends `bytes` and keeps the connection open, as a slow client does, until the server answers and closes it. */
  function stall(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(slowPort, '127.0.0.1', () => bytes && socket.write(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    });
  }

  // A browser's preconnect, or a proxy's warmed upstream, opens a connection ahead of its
  // request: closed when its time is up, with nothing written into it that it did not ask for.
  it('closes a connection that sent nothing, without an answer', async () => {
    expect(await stall('')).toBe('');
  });

  it.each([
    [
      'a body announced and never sent',
      `POST ${MERCHANT_ROUTES.accessToken} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16000\r\n\r\n{"a":`,
    ],
    ['headers never finished', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: `],
  ])('%s: answered 408 with 1001 once its time is up, and the connection closed', async (_name, bytes) => {
    const answer = await stall(bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toEqual({ code: 1001, msg: errorMessage(1001, 'en_US') });
  });
});
