import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.js';
import { apiHeadersFor } from './security-headers.js';

/** Node's errors for a request that never became one: bad bytes, headers too large, too slow. */
type ClientError = Error & { code?: string };

/** The status for each parser error Node names; anything else is 400. */
const STATUS = new Map([
  ['HPE_HEADER_OVERFLOW', 431],
  ['ERR_HTTP_REQUEST_TIMEOUT', 408],
]);

/**
 * Answers bytes Node's HTTP parser refused (Fastify's `clientErrorHandler`): a malformed
 * request line or header never becomes a request, so no hook or reply of ours can answer it,
 * and the answer is written to the socket here, in the API's envelope and with the API's
 * headers, like any other refusal. (A body broken mid-way may belong to a request already
 * routed; the socket is destroyed under it all the same.) Fastify's own handler logs the
 * error whole, and llhttp's errors carry the bytes it could not parse (`rawPacket`): the
 * request's headers and body, an Access-Token or a client token among them. Only the code
 * is logged.
 */
export function createClientErrorHandler(publicOrigin: string) {
  const headers = Object.entries(apiHeadersFor(publicOrigin))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  // Fastify calls it bound to the instance, whose logger it uses
  return function answerClientError(this: FastifyInstance, err: ClientError, socket: Socket): void {
    // a reset connection has no one left to answer
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    // Nothing was asked on it (a browser's preconnect, a proxy's warmed upstream): closed
    // with no answer, which its owner would read as the reply to its next request.
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) return void socket.destroy();
    this.log.debug({ err: { code: err.code } }, 'malformed request refused');
    const status = STATUS.get(err.code ?? '') ?? 400;
    // a client too slow to send its request may try again; anything else is the request's own fault
    const body = JSON.stringify(errorBody(status === 408 ? 1001 : 1004, 'en_US'));
    // Never into the middle of an answer already going out on this connection (an earlier
    // request's, pipelined or kept alive), as Node's own handler does not.
    const answering = (socket as Socket & { _httpMessage?: { headersSent: boolean } | null })._httpMessage;
    if (socket.writable && !answering?.headersSent) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}Content-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
