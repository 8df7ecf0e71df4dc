import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardField, EnvelopeGroup } from '../../shared/fields.js';
import type { DisplaySession } from '../api/exchange-query.js';
import { createFrameEvents, type OutboundMessage } from '../bridge/frame-events.js';
import type { CardVault } from '../crypto/card-vault.js';
import { EnvelopeError } from '../crypto/envelope-error.js';
import { createCardView, type CardViewOptions } from './card-view.js';

const VALUES: Record<CardField, string> = { pan: '4242424242424242', expiry: '12/30', cvv: '123', pin: '246810' };

/** A vault over fixed values; `broken` groups fail like a bad envelope would. */
function fakeVault(missing: EnvelopeGroup[] = [], broken: EnvelopeGroup[] = []): CardVault & { wiped: boolean } {
  const vault = {
    wiped: false,
    has: (group: EnvelopeGroup) => !missing.includes(group),
    read(field: CardField) {
      const group = field === 'pin' ? 'pin' : 'card';
      if (vault.wiped || missing.includes(group) || broken.includes(group)) throw new EnvelopeError();
      return VALUES[field];
    },
    wipe: () => {
      vault.wiped = true;
    },
  };
  return vault;
}

/** The real outgoing events, recording what would cross to the parent page. */
function recordedEvents() {
  const sent: OutboundMessage[] = [];
  return {
    events: createFrameEvents(
      (msg) => sent.push(msg),
      () => 'en_US',
    ),
    sent,
  };
}

const types = (sent: OutboundMessage[]) => sent.map((m) => m.type);

/**
 * A device asleep for `ms`: the wall clock moves on and no timer runs; those pending fire
 * that much later (fake timers shift them with the system time).
 */
const sleep = (ms: number) => vi.setSystemTime(Date.now() + ms);

function setup(overrides: Partial<CardViewOptions> = {}, vault = fakeVault()) {
  const session: DisplaySession = {
    id: 'ses_1',
    expiresAt: Date.now() + 300_000,
    fields: ['pan', 'expiry', 'cvv', 'pin'],
    transactions: false,
    card: { brand: 'visa', last4: '4242', type: 'physical' },
    vault,
  };
  const { events, sent } = recordedEvents();
  const audit = vi.fn();
  const writeClipboard = vi.fn((_text: string) => Promise.resolve());
  const view = createCardView({
    session,
    autoHideSeconds: 30,
    events,
    audit,
    writeClipboard,
    pageHidden: () => false,
    ...overrides,
  });
  view.start();
  return { view, sent, audit, writeClipboard, vault };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the card view', () => {
  it('starts masked and reports ready once, with fields and card only', () => {
    const { view, sent } = setup();
    view.stop();
    view.start();
    expect(view.getState()).toMatchObject({ status: 'ready', revealed: {} });
    expect(sent).toEqual([
      {
        cardveil: 1,
        type: 'ready',
        fields: ['pan', 'expiry', 'cvv', 'pin'],
        card: { brand: 'visa', last4: '4242', type: 'physical' },
      },
    ]);
  });

  it('reveals a grouped PAN, audits it and tells the parent the field only', () => {
    const { view, sent, audit } = setup();
    view.reveal('pan');
    expect(view.getState().revealed.pan).toBe('4242 4242 4242 4242');
    expect(sent).toContainEqual({ cardveil: 1, type: 'reveal', field: 'pan' });
    expect(audit).toHaveBeenCalledWith('reveal', 'pan');
  });

  it('reveals and hides every field when no field is named', () => {
    const { view } = setup();
    view.reveal();
    expect(Object.keys(view.getState().revealed)).toEqual(['pan', 'expiry', 'cvv', 'pin']);
    expect(view.getState().announcement).toMatchObject({ kind: 'reveal' });
    view.hide();
    expect(view.getState().revealed).toEqual({});
  });

  it('says fields revealed together hidden once, when their auto-hide comes, as it said them shown', () => {
    const { view, sent } = setup({ autoHideSeconds: 5 });
    const said: unknown[] = [];
    view.subscribe(() => said.push(view.getState().announcement));
    view.reveal();
    vi.advanceTimersByTime(5_000);
    expect(view.getState().revealed).toEqual({});
    const hidden = [...new Set(said)].filter((a) => (a as { kind?: string } | null)?.kind === 'hide');
    expect(hidden).toEqual([expect.objectContaining({ kind: 'hide' })]);
    expect(hidden[0]).not.toHaveProperty('field');
    // the merchant still hears each field go, and the audit log has each
    for (const field of ['pan', 'expiry', 'cvv', 'pin']) expect(sent).toContainEqual({ cardveil: 1, type: 'hide', field });
  });

  it('hides a revealed field after the auto-hide delay', () => {
    const { view, sent } = setup({ autoHideSeconds: 5 });
    view.reveal('cvv');
    vi.advanceTimersByTime(4_999);
    expect(view.getState().revealed.cvv).toBe('123');
    vi.advanceTimersByTime(1);
    expect(view.getState().revealed.cvv).toBeUndefined();
    expect(sent).toContainEqual({ cardveil: 1, type: 'hide', field: 'cvv' });
  });

  it('keeps a field revealed when auto-hide is 0', () => {
    const { view } = setup({ autoHideSeconds: 0 });
    view.reveal('cvv');
    vi.advanceTimersByTime(299_000);
    expect(view.getState().revealed.cvv).toBe('123');
  });

  it('says the end is near, 30 seconds before, once', () => {
    const { view } = setup({ autoHideSeconds: 0 });
    vi.advanceTimersByTime(269_000);
    expect(view.getState().announcement).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(view.getState().announcement).toMatchObject({ kind: 'ending' });
    expect(view.getState()).toMatchObject({ status: 'ready', ending: true });
  });

  it('shows the end near, without saying it aloud late, when the device wakes inside the last 30 seconds', () => {
    const { view } = setup({ autoHideSeconds: 0 });
    expect(view.getState().ending).toBe(false);
    sleep(280_000);
    view.check();
    expect(view.getState()).toMatchObject({ status: 'ready', ending: true, announcement: null });
  });

  it('expires at the session end, hiding values and wiping the keys', () => {
    const { view, sent, vault, audit } = setup({ autoHideSeconds: 0 });
    view.reveal('pan');
    vi.advanceTimersByTime(300_000);
    expect(view.getState()).toMatchObject({ status: 'expired', revealed: {} });
    expect(vault.wiped).toBe(true);
    // the reveal has its hide, for the parent and the audit log, before the end
    expect(types(sent)).toEqual(['ready', 'reveal', 'hide', 'expired']);
    expect(audit.mock.calls).toEqual([
      ['reveal', 'pan'],
      ['hide', 'pan'],
    ]);
    view.reveal('pan');
    expect(view.getState().revealed).toEqual({});
  });

  describe('after the device slept, when no timer ran', () => {
    it('ends the session at once when a reveal comes after its end, showing nothing', () => {
      const { view, sent, audit, vault } = setup({ autoHideSeconds: 0 });
      sleep(300_000);
      view.reveal('pan');
      expect(view.getState()).toMatchObject({ status: 'expired', revealed: {} });
      expect(vault.wiped).toBe(true);
      expect(types(sent)).toEqual(['ready', 'expired']);
      expect(audit).not.toHaveBeenCalled();
    });

    it('ends the session at once when a copy comes after its end, copying nothing', () => {
      const { view, writeClipboard } = setup();
      sleep(300_000);
      view.copy('pan');
      expect(writeClipboard).not.toHaveBeenCalled();
      expect(view.getState().status).toBe('expired');
    });

    it('ends the session, hiding what was shown, as the page comes back after its end', () => {
      const { view, sent, audit } = setup({ autoHideSeconds: 0 });
      view.reveal('cvv');
      sleep(400_000);
      view.check();
      expect(view.getState()).toMatchObject({ status: 'expired', revealed: {} });
      expect(types(sent)).toEqual(['ready', 'reveal', 'hide', 'expired']);
      expect(audit).toHaveBeenLastCalledWith('hide', 'cvv');
    });

    it('hides at once, as the page comes back, a value whose auto-hide instant passed', () => {
      const { view, sent, audit } = setup({ autoHideSeconds: 5 });
      view.reveal('cvv');
      sleep(60_000);
      view.check();
      expect(view.getState()).toMatchObject({ status: 'ready', revealed: {}, announcement: { kind: 'hide', field: 'cvv' } });
      expect(sent).toContainEqual({ cardveil: 1, type: 'hide', field: 'cvv' });
      expect(audit).toHaveBeenLastCalledWith('hide', 'cvv');
    });

    it('hides a value whose instant passed before revealing another, and says so once for several', () => {
      const { view } = setup({ autoHideSeconds: 5 });
      view.reveal();
      sleep(60_000);
      view.check();
      expect(view.getState()).toMatchObject({ revealed: {}, announcement: { kind: 'hide' } });
      expect(view.getState().announcement?.field).toBeUndefined();
      view.reveal('pan');
      sleep(60_000);
      view.reveal('cvv');
      expect(Object.keys(view.getState().revealed)).toEqual(['cvv']);
    });

    it('keeps the wall-clock instants after waking early: a value and the session go on time', () => {
      const { view } = setup({ autoHideSeconds: 30 });
      view.reveal('pan');
      sleep(20_000);
      view.check();
      vi.advanceTimersByTime(10_000);
      expect(view.getState().revealed).toEqual({});
      view.reveal('pan');
      sleep(260_000);
      view.check();
      vi.advanceTimersByTime(10_000);
      expect(view.getState().status).toBe('expired');
    });

    it('does not lengthen a reveal or the session for a clock turned back', () => {
      const { view } = setup({ autoHideSeconds: 30 });
      view.reveal('pan');
      vi.setSystemTime(Date.now() - 3_600_000);
      view.check();
      vi.advanceTimersByTime(30_000);
      expect(view.getState().revealed).toEqual({});
      vi.advanceTimersByTime(270_000);
      expect(view.getState().status).toBe('expired');
    });

    it('nor at each later check while the clock turned back catches up (a focus, a copy, a return to the tab)', () => {
      const { view } = setup({ autoHideSeconds: 30 });
      view.reveal('pan');
      vi.setSystemTime(Date.now() - 3_600_000);
      vi.advanceTimersByTime(20_000);
      view.check(); // 20 s into the reveal, on a clock an hour behind
      vi.advanceTimersByTime(10_000);
      expect(view.getState().revealed).toEqual({});
      view.reveal('pan'); // at 30 s: the session has 270 s left
      vi.advanceTimersByTime(250_000);
      view.check();
      vi.advanceTimersByTime(20_000);
      expect(view.getState().status).toBe('expired');
    });
  });

  it('refuses a reveal while the page is hidden: a background tab shows nothing to nobody', () => {
    let hidden = true;
    const { view, sent, audit } = setup({ pageHidden: () => hidden });
    view.reveal('pan');
    view.reveal();
    view.toggle('cvv');
    expect(view.getState().revealed).toEqual({});
    expect(types(sent)).toEqual(['ready']);
    expect(audit).not.toHaveBeenCalled();
    hidden = false;
    view.reveal('pan');
    expect(view.getState().revealed.pan).toBe('4242 4242 4242 4242');
  });

  it('copies the raw digits and the expiry as MM/YY, never the PIN', async () => {
    const { view, writeClipboard, sent } = setup();
    view.copy('pan');
    view.copy('expiry');
    view.copy('pin');
    expect(writeClipboard.mock.calls.map(([text]) => text)).toEqual(['4242424242424242', '12/30']);
    await vi.runAllTicks();
    await Promise.resolve();
    expect(sent).toContainEqual({ cardveil: 1, type: 'copy', field: 'pan' });
    expect(view.getState().copy.pan).toBe('copied');
    vi.advanceTimersByTime(2_000);
    expect(view.getState().copy.pan).toBeUndefined();
  });

  it('audits a copy that completed as the session ended, and never one that failed', async () => {
    let complete = (): void => undefined;
    const writeClipboard = vi.fn(() => new Promise<void>((resolve) => (complete = resolve)));
    const { view, sent, audit } = setup({ writeClipboard });
    view.copy('pan');
    view.expire();
    complete();
    await Promise.resolve();
    expect(audit).toHaveBeenCalledWith('copy', 'pan');
    expect(sent).toContainEqual({ cardveil: 1, type: 'copy', field: 'pan' });
    expect(view.getState()).toMatchObject({ status: 'expired', copy: {} });

    const refused = setup({ writeClipboard: vi.fn(() => Promise.reject(new Error('denied'))) });
    refused.view.copy('pan');
    await Promise.resolve();
    await Promise.resolve();
    expect(refused.audit).not.toHaveBeenCalled();
    expect(refused.view.getState().copy.pan).toBe('failed');
    expect(refused.view.getState().announcement).toMatchObject({ kind: 'copy-failed', field: 'pan' });
    // what to do instead is longer to read than "Copied": it stays 8 s, not 2
    vi.advanceTimersByTime(7_999);
    expect(refused.view.getState().copy.pan).toBe('failed');
    vi.advanceTimersByTime(1);
    expect(refused.view.getState().copy.pan).toBeUndefined();
  });

  it('shows 4015 on the PIN alone when its envelope failed, found right after ready, keeping the card usable', () => {
    const { view, sent } = setup({}, fakeVault(['pin']));
    // The PIN's envelope is first asked about in the task after `ready`.
    expect(view.getState()).toMatchObject({ status: 'ready', fieldErrors: {} });
    expect(types(sent)).toEqual(['ready']);
    vi.advanceTimersByTime(0);
    expect(view.getState()).toMatchObject({
      status: 'ready',
      fieldErrors: { pin: 4015 },
      announcement: { kind: 'field-error', field: 'pin' },
    });
    expect(types(sent)).toEqual(['ready', 'error']);
    expect(sent).toContainEqual({
      cardveil: 1,
      type: 'error',
      // part: the rest of the card still works, so the parent (an app above all) keeps the view
      error: { code: 4015, message: 'PIN can’t be shown', locale: 'en_US', retryable: true, part: 'pin' },
    });
    view.reveal('pin');
    view.reveal('pan');
    expect(view.getState().revealed).toEqual({ pan: '4242 4242 4242 4242' });
  });

  it('asks the vault about each envelope in the task after ready, or reads at once when a field is revealed first', () => {
    const asked: string[] = [];
    const vault = fakeVault();
    const has = vault.has;
    vault.has = (group) => (asked.push(group), has(group));
    const { view, sent } = setup({}, vault);
    expect(asked).toEqual([]);
    expect(types(sent)).toEqual(['ready']);
    view.reveal('pin');
    expect(view.getState().revealed.pin).toBe('246810');
    vi.advanceTimersByTime(0);
    expect(asked).toEqual(['card', 'pin']);
    expect(view.getState().fieldErrors).toEqual({});
  });

  it('turns a PIN that fails at reveal time into 4015 on that field', () => {
    const { view } = setup({}, fakeVault([], ['pin']));
    view.reveal('pin');
    expect(view.getState()).toMatchObject({ status: 'ready', fieldErrors: { pin: 4015 } });
  });

  it('lets a screen reader hear the PIN’s failure when every field is revealed, not “all shown” over it', () => {
    const { view } = setup({}, fakeVault([], ['pin']));
    view.reveal();
    expect(Object.keys(view.getState().revealed)).toEqual(['pan', 'expiry', 'cvv']);
    expect(view.getState().announcement).toMatchObject({ kind: 'field-error', field: 'pin' });
  });

  it('puts the whole frame in 4019 when the card envelope failed, found right after ready', () => {
    const { view, sent, vault } = setup({}, fakeVault(['card', 'pin']));
    expect(view.getState().status).toBe('ready');
    vi.advanceTimersByTime(0);
    expect(view.getState()).toMatchObject({ status: 'error', errorCode: 4019, fieldErrors: {} });
    expect(vault.wiped).toBe(true);
    // the frame app reports the state's code (frame-app.tsx); the PIN's own 4015 is not added
    expect(types(sent)).toEqual(['ready']);
    view.reveal('pan');
    expect(view.getState().revealed).toEqual({});
  });

  it('turns a card value that fails at reveal time into 4019 and wipes the keys', () => {
    const { view, vault } = setup({}, fakeVault([], ['card']));
    view.reveal('cvv');
    expect(view.getState()).toMatchObject({ status: 'error', errorCode: 4019, revealed: {} });
    expect(vault.wiped).toBe(true);
  });

  it('hides what was shown, with its event and audit, before a card failure wipes it', () => {
    const { view, sent, audit } = setup({}, fakeVault([], ['card']));
    view.reveal('pin');
    view.reveal('pan');
    expect(view.getState()).toMatchObject({ status: 'error', errorCode: 4019, revealed: {} });
    expect(types(sent)).toEqual(['ready', 'reveal', 'hide']);
    expect(audit.mock.calls).toEqual([
      ['reveal', 'pin'],
      ['hide', 'pin'],
    ]);
  });

  it('hides what was shown, with its events and audits, when stopped', () => {
    const { view, sent, audit } = setup();
    view.reveal('pan');
    view.reveal('cvv');
    view.stop();
    expect(view.getState().revealed).toEqual({});
    expect(sent.filter((m) => m.type === 'hide')).toEqual([
      { cardveil: 1, type: 'hide', field: 'pan' },
      { cardveil: 1, type: 'hide', field: 'cvv' },
    ]);
    expect(audit).toHaveBeenCalledWith('hide', 'pan');
    expect(audit).toHaveBeenCalledWith('hide', 'cvv');
  });

  it('never lets a value or its length reach the parent or the audit log', async () => {
    const { view, sent, audit } = setup();
    view.reveal();
    view.copy('pan');
    await Promise.resolve();
    view.hide();
    const outbound = JSON.stringify([sent, audit.mock.calls]);
    for (const value of Object.values(VALUES)) expect(outbound).not.toContain(value);
    // No lengths either: the only numbers are protocol versions and the last four.
    expect(outbound.match(/(?<!\w)\d+(?!\w)/g)?.filter((n) => n !== '1' && n !== '4242')).toEqual([]);
  });
});
