import { describe, expect, it } from 'vitest';
import { DisplayFailure } from '../api/display-failure.js';
import { createFrameEvents, type OutboundMessage } from './frame-events.js';

function setup() {
  const sent: OutboundMessage[] = [];
  const events = createFrameEvents(
    (msg) => sent.push(msg),
    () => 'en_US',
  );
  const errors = () => sent.flatMap((m) => (m.type === 'error' ? [m.error.code] : []));
  return { events, errors };
}

describe('the frame’s error events', () => {
  it('report a whole-frame state once, however often the effect reporting it runs', () => {
    const { events, errors } = setup();
    events.error(1001, 'network');
    events.error(1001, 'network');
    expect(errors()).toEqual([1001]);
  });

  it('report each new failure in the transactions panel, the same code again included', () => {
    const { events, errors } = setup();
    const first = new DisplayFailure(4009);
    events.error(4009, undefined, { failure: first });
    events.error(4009, undefined, { failure: first }); // StrictMode's second effect, a re-render: the same failure
    events.error(4009, undefined, { failure: new DisplayFailure(4009) }); // another range, also empty
    events.error(1001, 'network', { failure: new DisplayFailure(1001, 'network') });
    events.error(1001, 'network', { failure: new DisplayFailure(1001, 'network') });
    expect(errors()).toEqual([4009, 4009, 1001, 1001]);
  });

  it('carry a 1009’s wait where the server gave one, and say which fail inside the panel', () => {
    const sent: OutboundMessage[] = [];
    const events = createFrameEvents(
      (msg) => sent.push(msg),
      () => 'en_US',
    );
    events.error(1009, undefined, { retryAfter: 42 });
    events.error(1001, 'network', { retryAfter: undefined });
    events.error(1009, undefined, { failure: new DisplayFailure(1009), retryAfter: 7, part: 'transactions' });
    expect(sent.map((m) => (m.type === 'error' ? m.error : null))).toEqual([
      { code: 1009, message: expect.any(String), locale: 'en_US', retryable: true, retryAfter: 42 },
      { code: 1001, message: expect.any(String), locale: 'en_US', reason: 'network', retryable: true },
      { code: 1009, message: expect.any(String), locale: 'en_US', retryable: true, retryAfter: 7, part: 'transactions' },
    ]);
  });

  it('keep the panel’s failures apart from the frame’s: a panel 1001 does not silence the frame’s', () => {
    const { events, errors } = setup();
    events.error(1001, 'network', { failure: new DisplayFailure(1001, 'network') });
    events.error(1001, 'network');
    expect(errors()).toEqual([1001, 1001]);
  });
});
