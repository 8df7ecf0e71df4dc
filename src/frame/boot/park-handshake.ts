import type { HandshakeStart, HandshakeVerdict } from '../bridge/parent-handshake.js';
import { parkEarly } from './early-slots.js';

/**
 * Runs the handshake now and keeps its verdict for the app, which takes it with
 * `takeEarly('handshake')`: `init` can arrive while the app's modules are still loading,
 * and waits here, its port unstarted so that whatever the parent sends next queues on it
 * until the app listens.
 */
export function parkHandshake(start: HandshakeStart): void {
  let verdict: HandshakeVerdict | undefined;
  let taker: ((verdict: HandshakeVerdict) => void) | undefined;
  start((settled) => {
    verdict = settled;
    taker?.(settled);
  });
  parkEarly('handshake', (settle) => {
    taker = settle;
    if (verdict) settle(verdict);
  });
}
