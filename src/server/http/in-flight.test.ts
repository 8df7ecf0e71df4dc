import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { createInFlight } from './in-flight.js';

describe('the in-flight count', () => {
  it('counts each request from its first hook to its response, refused ones too', async () => {
    const inFlight = createInFlight();
    const app = Fastify();
    inFlight.track(app);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: number[] = [];
    app.get('/held', async () => {
      await held;
      return 'ok';
    });
    app.get('/now', async () => {
      seen.push(inFlight.count());
      return 'ok';
    });
    app.get('/refused', async () => {
      throw new Error('no');
    });
    try {
      const waiting = app.inject('/held');
      await vi.waitFor(() => expect(inFlight.count()).toBe(1));
      await app.inject('/now');
      expect(seen).toEqual([2]); // itself and the held one
      release();
      await waiting;
      expect((await app.inject('/refused')).statusCode).toBe(500);
      await app.inject('/nowhere'); // 404
      await app.inject('/now');
      expect(seen).toEqual([2, 1]); // nothing left counted
      expect(inFlight.count()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
