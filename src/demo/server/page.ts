import type { OwnedCard } from './cardholders.js';
import { escapeHtml } from '../../shared/html.js';

/** What a page shows: the merchant's public id and the signed-in cardholder's own cards. */
export interface PageContext {
  merchantId: string;
  cards: readonly Pick<OwnedCard, 'card_id' | 'label' | 'type' | 'last4'>[];
}

/**
 * The demo merchant's page: a fintech's "your card" screen. It knows the merchant id
 * (public) and the display origin; card data never reaches it, only the iframe.
 */
export function renderDemoPage(page: PageContext, displayOrigin: string): string {
  const cards = page.cards
    .map(
      (c) =>
        // worded in the page's language by demo-page.ts (translate)
        `<option value="${escapeHtml(c.card_id)}" data-type="${c.type}" data-label="${escapeHtml(c.label)}" data-last4="${escapeHtml(c.last4)}">${escapeHtml(c.label)} ·· ${escapeHtml(c.last4)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Shop · Cardveil</title>
<link rel="stylesheet" href="/demo.css">
<script src="${displayOrigin}/sdk/v1/cardveil.js" defer></script>
<script type="module" src="/demo-page.js"></script>
</head>
<body data-merchant-id="${escapeHtml(page.merchantId)}" data-display-origin="${escapeHtml(displayOrigin)}">
<header class="bar"><strong>Demo Shop</strong><span data-i18n="tagline"></span><a href="/react" data-i18n="reactPage"></a></header>
<main class="layout">
  <form id="controls" class="panel">
    <h1 data-i18n="title"></h1>
    <label><span data-i18n="card"></span><select name="card">${cards}</select></label>
    <fieldset><legend data-i18n="fields"></legend>
      <label><input type="checkbox" name="fields" value="pan" checked> <span data-i18n="pan"></span></label>
      <label><input type="checkbox" name="fields" value="expiry" checked> <span data-i18n="expiry"></span></label>
      <label><input type="checkbox" name="fields" value="cvv" checked> <span data-i18n="cvv"></span></label>
      <label><input type="checkbox" name="fields" value="pin" checked> <span data-i18n="pin"></span></label>
      <label><input type="checkbox" name="fields" value="transactions" checked> <span data-i18n="transactions"></span></label>
    </fieldset>
    <label><span data-i18n="language"></span><select name="locale"><option value="en_US">English</option><option value="zh_CN">中文</option></select></label>
    <div class="actions">
      <button type="submit" id="show" data-i18n="show"></button>
      <button type="button" id="hosted" class="secondary" data-i18n="hosted"></button>
    </div>
    <p class="hint" data-i18n="hint"></p>
  </form>
  <section class="panel">
    <h2 data-i18n="yourCard"></h2>
    <div id="card" class="card-slot"></div>
    <div class="actions">
      <button type="button" id="reveal-all" class="secondary" data-i18n="revealAll"></button>
      <button type="button" id="hide-all" class="secondary" data-i18n="hideAll"></button>
      <button type="button" id="destroy" class="secondary" data-i18n="destroy"></button>
    </div>
    <h2 data-i18n="events"></h2>
    <ol id="log" class="log" aria-live="polite"></ol>
  </section>
</main>
</body>
</html>`;
}

/** The same shop's React page, mounting `<CardDisplay>` from `cardveil/react` in StrictMode. */
export function renderReactPage(page: PageContext, displayOrigin: string): string {
  const card = page.cards[0]!;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Shop · React · Cardveil</title>
<link rel="stylesheet" href="/demo.css">
<script type="module" src="/react-page.js"></script>
</head>
<body data-merchant-id="${escapeHtml(page.merchantId)}" data-display-origin="${escapeHtml(displayOrigin)}" data-card-id="${escapeHtml(card.card_id)}">
<header class="bar"><strong>Demo Shop</strong><a href="/" data-i18n="scriptPage">Script tag page</a></header>
<div id="app"></div>
</body>
</html>`;
}
