import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { judgeInit, type InitEventLike } from './parent-handshake.js';

const parent = { name: 'parent window' };
const stranger = { name: 'another window' };
const FRAME = 'frame_0123456789';
const PARENT_ORIGIN = 'https://shop.example';
const channel = new MessageChannel();
const port = channel.port1 as unknown as MessagePort;
afterAll(() => channel.port1.close());

const init = {
  cardveil: PROTOCOL_VERSION,
  type: 'init',
  frame_id: FRAME,
  token: 'tok_abcdefghijklmnop',
  locale: 'en_US',
};

function event(overrides: Partial<InitEventLike> = {}): InitEventLike {
  return { source: parent, origin: PARENT_ORIGIN, data: init, ports: [port], ...overrides };
}

describe('accepting init', () => {
  it('accepts init from the parent with a port, and records its origin', () => {
    const verdict = judgeInit(event(), FRAME, parent, PARENT_ORIGIN);
    expect(verdict).toMatchObject({ kind: 'accept', parentOrigin: PARENT_ORIGIN, port });
  });

  it('accepts init where the browser has no ancestorOrigins', () => {
    expect(judgeInit(event(), FRAME, parent, undefined).kind).toBe('accept');
  });

  const dropped: [string, InitEventLike][] = [
    ['from a window other than the parent', event({ source: stranger })],
    ['from no window at all', event({ source: null })],
    ['for another frame', event({ data: { ...init, frame_id: 'frame_9999999999' } })],
    ['without a port', event({ ports: [] })],
    ['from an opaque origin', event({ origin: 'null' })],
    ['of another protocol version', event({ data: { ...init, cardveil: 2 } })],
    ['with a malformed token', event({ data: { ...init, token: 'a b' } })],
    ['with an unknown locale', event({ data: { ...init, locale: 'fr_FR' } })],
    ['with an unknown field', event({ data: { ...init, fields: ['pan', 'ssn'] } })],
    ['that is a string', event({ data: 'init' })],
    ['that is null', event({ data: null })],
    ['that is a hello', event({ data: { cardveil: 1, type: 'hello', frame_id: FRAME } })],
  ];

  it.each(dropped)('silently drops a message %s', (_name, e) => {
    expect(judgeInit(e, FRAME, parent, PARENT_ORIGIN)).toEqual({ kind: 'ignore' });
  });

  it('fails closed when ancestorOrigins disagrees with the sender', () => {
    expect(judgeInit(event(), FRAME, parent, 'https://evil.example')).toEqual({ kind: 'refuse', reason: 'ancestor_mismatch' });
  });

  it('fails closed under an opaque ancestor', () => {
    expect(judgeInit(event(), FRAME, parent, 'null')).toEqual({ kind: 'refuse', reason: 'opaque_ancestor' });
  });

  it('checks the source before reading the message', () => {
    const hostile = { source: stranger, origin: PARENT_ORIGIN, ports: [port] } as unknown as InitEventLike;
    Object.defineProperty(hostile, 'data', {
      get() {
        throw new Error('read');
      },
    });
    expect(judgeInit(hostile, FRAME, parent, PARENT_ORIGIN)).toEqual({ kind: 'ignore' });
  });
});
