import { langTag, parseLocale, type Locale } from '../../shared/locale.js';
import { isGrantableField, type GrantableField } from '../../shared/fields.js';
import type { CardDisplay, mount } from '../../sdk/index.js';
import { demoText, isDemoStringKey } from './demo-strings.js';

/**
 * The demo merchant's page script: what an integrator writes. It asks its own backend
 * for a token and hands the SDK a function to get one, so a spent token is replaced.
 */
declare global {
  interface Window {
    Cardveil: { mount: typeof mount };
  }
}

const form = document.querySelector<HTMLFormElement>('#controls')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const merchantId = document.body.dataset.merchantId!;
let display: CardDisplay | undefined;

function selected(): { cardId: string; fields: GrantableField[]; locale: Locale } {
  const data = new FormData(form);
  return {
    cardId: String(data.get('card')),
    fields: data.getAll('fields').map(String).filter(isGrantableField),
    locale: parseLocale(data.get('locale')),
  };
}

function translate(locale: Locale) {
  document.documentElement.lang = langTag(locale);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n!;
    if (isDemoStringKey(key)) el.textContent = demoText(key, locale);
  }
  // the card's brand as the shop names it, then its kind in the page's language
  for (const option of form.querySelectorAll<HTMLOptionElement>('select[name=card] option')) {
    const { label, type, last4 } = option.dataset;
    const kind = type === 'physical' || type === 'virtual' ? demoText(type, locale) : '';
    option.textContent = `${label} · ${kind} ·· ${last4}`;
  }
}

function record(name: string, detail: unknown) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${name}  ${JSON.stringify(detail ?? {})}`;
  item.dataset.event = name;
  log.prepend(item);
}

async function fetchToken(cardId: string, fields: GrantableField[], locale: Locale) {
  const res = await fetch('/api/card-view-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ card_id: cardId, fields, locale }),
  });
  const body = (await res.json()) as { code: number; msg: string; data?: { client_access_token: string } };
  if (body.code !== 0 || !body.data) throw new Error(`${demoText('mintFailed', locale)}: ${body.code} ${body.msg}`);
  return body.data;
}

function show() {
  const { cardId, fields, locale } = selected();
  display?.destroy();
  display = undefined;
  log.replaceChildren();
  try {
    display = mountCard(cardId, fields, locale);
  } catch (e) {
    // options mount() refuses (no field ticked: 1004 fields) are the integrator's to show
    const { code, reason } = e as { code?: number; reason?: string };
    record('error', { code, reason });
  }
}

function mountCard(cardId: string, fields: GrantableField[], locale: Locale) {
  return window.Cardveil.mount('#card', {
    merchantId,
    fields,
    locale,
    // The SDK reports a failed fetch as 1001 token_unavailable; the backend's own reason
    // (not the cardholder's card, signed out) is logged here so the page can show it.
    // in the language the page shows now (setLocale may have changed it since the mount)
    getClientAccessToken: () =>
      fetchToken(cardId, fields, selected().locale).then(
        (data) => data.client_access_token,
        (e: Error) => {
          record('error', { message: e.message });
          throw e;
        },
      ),
    onReady: (e) => record('ready', e),
    onReveal: (e) => record('reveal', e),
    onHide: (e) => record('hide', e),
    onCopy: (e) => record('copy', e),
    onError: (e) => record('error', e),
    onResize: (e) => record('resize', e),
    onExpired: () => record('expired', {}),
  });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  show();
});
form.querySelector('select[name=locale]')!.addEventListener('change', () => {
  const { locale } = selected();
  translate(locale);
  display?.setLocale(locale);
});
/** Only a physical card has a PIN: its box follows the card chosen. */
function matchPinToCard() {
  const physical = form.querySelector<HTMLSelectElement>('select[name=card]')!.selectedOptions[0]?.dataset.type === 'physical';
  const pin = form.querySelector<HTMLInputElement>('input[value=pin]')!;
  pin.disabled = !physical;
  pin.checked = physical;
}
form.querySelector('select[name=card]')!.addEventListener('change', matchPinToCard);
document.querySelector('#reveal-all')!.addEventListener('click', () => display?.reveal());
document.querySelector('#hide-all')!.addEventListener('click', () => display?.hide());
document.querySelector('#destroy')!.addEventListener('click', () => {
  display?.destroy();
  display = undefined;
});
// The phone: a form posted into a window of its own, whose answer sends it on to the hosted
// URL. This script never sees that URL: it shows the card to whoever holds it, in any browser.
document.querySelector('#hosted')!.addEventListener('click', () => {
  const { cardId, fields, locale } = selected();
  const phone = document.createElement('form');
  phone.method = 'post';
  phone.action = '/card-view/hosted';
  phone.target = 'cardveil-hosted';
  for (const [name, value] of [['card_id', cardId], ['locale', locale], ...fields.map((f) => ['fields', f])]) {
    phone.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
  }
  window.open('about:blank', 'cardveil-hosted', 'popup,width=390,height=844');
  document.body.append(phone);
  phone.submit();
  phone.remove();
});

translate(selected().locale);
// a reload may restore the form as it was left: the virtual card chosen, say
matchPinToCard();
window.addEventListener('load', show);
