/**
 * The merchant page's script, as a merchant would write it against the SDK's public API
 * (DESIGN §7). Options come from the query string so each spec can set up its case;
 * every callback is recorded in `window.__events` for the spec to read.
 */
export const MERCHANT_PAGE_SCRIPT = `
(async () => {
  const q = new URLSearchParams(location.search);
  const card = q.get('card');
  const fields = (q.get('fields') || 'pan,expiry,cvv,pin').split(',');
  const locale = q.get('locale') || 'en_US';
  window.__events = [];
  const record = (type) => (detail) => window.__events.push({ type, detail: detail === undefined ? null : detail });
  // A spent token to hand out first (once, or every time), to reach the SDK's 1014 refresh.
  let stale = q.get('first_token');
  const always = q.get('always_token');
  async function token() {
    if (always) return always;
    if (stale) { const t = stale; stale = null; return t; }
    const res = await fetch('/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ card_id: card, fields, locale, parent_origin: q.get('parent_origin') || undefined }),
    });
    const body = await res.json();
    window.__mints = (window.__mints || 0) + 1;
    if (body.code !== 0) throw new Error('mint failed ' + body.code);
    return body.data.client_access_token;
  }
  const options = {
    merchantId: q.get('merchant_id'),
    fields,
    locale,
    onReady: record('ready'),
    onReveal: record('reveal'),
    onHide: record('hide'),
    onCopy: record('copy'),
    onError: record('error'),
    onResize: record('resize'),
    onExpired: record('expired'),
  };
  if (q.get('display_origin')) options.origin = q.get('display_origin');
  if (q.get('hello_timeout')) options.helloTimeoutMs = Number(q.get('hello_timeout'));
  if (q.get('appearance')) options.appearance = JSON.parse(q.get('appearance'));
  if (q.get('auto_hide')) options.autoHideSeconds = Number(q.get('auto_hide'));
  if (q.get('token')) options.clientAccessToken = q.get('token');
  else if (q.get('refresh') === '0') options.clientAccessToken = await token();
  else options.getClientAccessToken = token;
  window.__display = Cardveil.mount('#card', options);
})().catch((e) => { window.__setupError = String(e); });
`;
