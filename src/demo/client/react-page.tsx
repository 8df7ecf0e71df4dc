import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CardDisplay } from '../../react/card-display.js';
import { isLocale, langTag, type Locale } from '../../shared/locale.js';
import { demoText } from './demo-strings.js';

/**
 * The demo merchant's React page: what a merchant on React writes with `<CardDisplay>`.
 * Rendered in StrictMode, whose double mount must never burn a token.
 */
const { merchantId, displayOrigin, cardId } = document.body.dataset as Record<string, string>;

async function fetchToken(locale: Locale): Promise<string> {
  const res = await fetch('/api/card-view-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ card_id: cardId, fields: ['pan', 'expiry', 'cvv'], locale }),
  });
  const body = (await res.json()) as { code: number; data?: { client_access_token: string } };
  if (body.code !== 0 || !body.data) throw new Error(`${demoText('mintFailed', locale)}: ${body.code}`);
  return body.data.client_access_token;
}

function App() {
  const [locale, setLocale] = useState<Locale>('en_US');
  const [events, setEvents] = useState<string[]>([]);
  const log = (name: string) => (detail?: unknown) => setEvents((e) => [`${name} ${JSON.stringify(detail ?? {})}`, ...e]);
  // the page around the app speaks the chosen language too: its lang, and the header's link
  // (a tag the SDK refuses, which a test feeds it, leaves the page as it was)
  useEffect(() => {
    if (!isLocale(locale)) return;
    document.documentElement.lang = langTag(locale);
    const link = document.querySelector('[data-i18n="scriptPage"]');
    if (link) link.textContent = demoText('scriptPage', locale);
  }, [locale]);
  return (
    <main className="layout">
      <section className="panel">
        <h1>{locale === 'zh_CN' ? '您的卡片（React）' : 'Your card (React)'}</h1>
        <label>
          <span>{locale === 'zh_CN' ? '语言' : 'Language'}</span>
          <select name="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="en_US">English</option>
            <option value="zh_CN">中文</option>
          </select>
        </label>
        <CardDisplay
          merchantId={merchantId!}
          origin={displayOrigin!}
          locale={locale}
          fields={['pan', 'expiry', 'cvv']}
          getClientAccessToken={() => fetchToken(locale)}
          onReady={log('ready')}
          onReveal={log('reveal')}
          onHide={log('hide')}
          onCopy={log('copy')}
          onError={log('error')}
          className="card-slot"
        />
        <ol id="log" className="log">
          {events.map((e, i) => (
            <li key={events.length - i}>{e}</li>
          ))}
        </ol>
      </section>
    </main>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
