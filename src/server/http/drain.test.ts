import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../testing/harness.js';

/** Sends `head` on a new connection, then `rest` once `between` has run; resolves with all the server wrote back. */
function request(port: number, head: string, rest: string, between: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(head, () => {
      between();
      // a moment for close() to reach the server, as a request arriving during the drain would
      setTimeout(() => socket.write(rest), 50);
    });
  });
}

describe('a request arriving while the server drains', () => {
  it('is answered as usual, in the envelope, on a connection then closed', async () => {
    const h = await createHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    let closing: Promise<void> | undefined;
    // the connection is busy (a request's headers half sent) when close() begins
    const answer = await request(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', '\r\n', () => {
      closing = h.app.close();
    });
    await closing;
    await h.stores.close();
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head!.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body!)).toMatchObject({ code: 0, data: { status: 'ok' } });
  });
});
