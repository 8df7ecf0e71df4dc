import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, displayHeaders, exchange, mintToken, type Harness } from '../testing/harness.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { setCardStatus, updateMerchant } from '../admin/commands.js';
import { sessionKey } from '../crypto/tokens.js';

let h: Harness;
let sessionId: string;
beforeEach(async () => {
  h = await createHarness();
  const token = await mintToken(h, { fields: ['pan', 'cvv'] });
  sessionId = (await exchange(h, { client_access_token: token })).json().data.session_id;
});
afterEach(() => h.close());

const post = (body: Record<string, unknown>, headers: Record<string, string | undefined> = {}) =>
  h.app.inject({
    method: 'POST',
    url: DISPLAY_ROUTES.events,
    headers: displayHeaders(h, headers),
    payload: JSON.stringify(body),
  });

/** What the audit log holds for a session besides its exchange: a refused event must add nothing. */
const recorded = async (id = sessionId) =>
  (await h.stores.audit.list({})).filter((e) => e.sessionId === sessionKey(id) && e.action !== 'exchange');

describe('POST /api/v1/pci/display/events', () => {
  it('records reveal, hide and copy with the field and last4 only', async () => {
    for (const event of ['reveal', 'copy', 'hide']) {
      expect((await post({ session_id: sessionId, event, field: 'pan' })).json().code).toBe(0);
    }
    expect((await recorded()).map((e) => [e.action, e.field, e.cardLast4])).toEqual([
      ['reveal', 'pan', '4242'],
      ['copy', 'pan', '4242'],
      ['hide', 'pan', '4242'],
    ]);
  });

  it('still records what the cardholder does after the merchant or the card is shut off: the audit trail is kept', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen', pciDisplay: false });
    await setCardStatus(h.stores, h.cards.physical, 'cancelled');
    expect((await post({ session_id: sessionId, event: 'hide', field: 'pan' })).json().code).toBe(0);
    expect((await recorded()).map((e) => e.action)).toEqual(['hide']);
  });

  // The session id is a bearer value here: whoever holds it may post events and read the
  // card's transactions. Neither the trail nor the store keeps it as the frame has it.
  it('ties the exchange and its events together in the audit log by the session id’s hash, never the id', async () => {
    expect((await post({ session_id: sessionId, event: 'reveal', field: 'pan' })).json().code).toBe(0);
    const log = await h.stores.audit.list({});
    expect(log.filter((e) => e.action !== 'mint').map((e) => [e.action, e.sessionId])).toEqual([
      ['exchange', sessionKey(sessionId)],
      ['reveal', sessionKey(sessionId)],
    ]);
    expect(JSON.stringify(log)).not.toContain(sessionId);
    expect(await h.stores.ephemeral.getSession(sessionId, h.clock.now)).toBeNull();
    expect(await h.stores.ephemeral.getSession(sessionKey(sessionId), h.clock.now)).toMatchObject({ cardId: h.cards.physical });
  });

  it('refuses a field the session was not granted', async () => {
    expect((await post({ session_id: sessionId, event: 'reveal', field: 'pin' })).json()).toEqual({
      code: 1004,
      msg: 'field: Invalid request parameter',
    });
    expect(await recorded()).toEqual([]);
  });

  it('refuses a copy of the PIN, which no frame offers, and records nothing for it', async () => {
    const token = await mintToken(h, { card_id: h.cards.physical, fields: ['pan', 'pin'] });
    const pinSession = (await exchange(h, { client_access_token: token })).json().data.session_id;
    expect((await post({ session_id: pinSession, event: 'copy', field: 'pin' })).json()).toEqual({
      code: 1004,
      msg: 'field: Invalid request parameter',
    });
    expect((await post({ session_id: pinSession, event: 'reveal', field: 'pin' })).json().code).toBe(0);
    expect((await recorded(pinSession)).map((e) => [e.action, e.field])).toEqual([['reveal', 'pin']]);
  });

  it('refuses a value smuggled in as an extra key', async () => {
    expect((await post({ session_id: sessionId, event: 'copy', field: 'pan', value: '4242424242424242' })).json().code).toBe(
      1004,
    );
    expect(await recorded()).toEqual([]);
  });

  it('refuses a NUL in the session id with 1004, before the session is looked up', async () => {
    expect((await post({ session_id: `${sessionId}\u0000`, event: 'reveal', field: 'pan' })).json()).toEqual({
      code: 1004,
      msg: 'session_id: Invalid request parameter',
    });
    expect(await recorded()).toEqual([]);
  });

  it('answers 1014 for an unknown or expired session', async () => {
    expect((await post({ session_id: 'ses_nope', event: 'reveal', field: 'pan' })).json().code).toBe(1014);
    h.clock.now += h.config.SESSION_TTL_SECONDS * 1000;
    expect((await post({ session_id: sessionId, event: 'reveal', field: 'pan' })).json().code).toBe(1014);
    expect(await recorded()).toEqual([]);
  });

  it('applies the same Fetch Metadata and Origin guards as the exchange', async () => {
    expect(
      (await post({ session_id: sessionId, event: 'reveal', field: 'pan' }, { 'Sec-Fetch-Site': 'cross-site' })).json().code,
    ).toBe(1018);
    expect(
      (await post({ session_id: sessionId, event: 'reveal', field: 'pan' }, { Origin: 'https://evil.example' })).json().code,
    ).toBe(1016);
    expect(await recorded()).toEqual([]);
  });

  // a captured reveal sent again would forge the audit trail: once is recorded, the copy refused
  it('refuses a replayed event (1017) and one outside the timestamp window (1005), recording only the original', async () => {
    const nonce = { 'X-Nonce': 'replayedNonce0123456789' };
    const event = { session_id: sessionId, event: 'reveal', field: 'pan' };
    expect((await post(event, nonce)).json().code).toBe(0);
    expect((await post(event, nonce)).json().code).toBe(1017);
    for (const skew of [-300_001, 300_001]) {
      expect((await post(event, { 'X-Timestamp': String(h.clock.now + skew) })).json().code).toBe(1005);
    }
    expect((await recorded()).map((e) => e.action)).toEqual(['reveal']);
  });
});
