import { test as base, expect, type FrameLocator, type Page } from '@playwright/test';
import { createMerchantClient } from '../../src/demo/server/merchant-client.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN, readState, type E2eState } from './env.js';
import type { CardField, GrantableField } from '../../src/shared/fields.js';
import { startLimitedServer } from './limited-server.js';

/**
 * Records, in the merchant page, every message that reaches it: window messages and
 * everything arriving on MessagePorts it creates. Specs assert none of them holds a value.
 */
const RECORD_MESSAGES = () => {
  const seen: unknown[] = [];
  (window as unknown as { __messages: unknown[] }).__messages = seen;
  window.addEventListener('message', (e) => seen.push(e.data), true);
  const Native = window.MessageChannel;
  window.MessageChannel = class extends Native {
    constructor() {
      super();
      this.port1.addEventListener('message', (e) => seen.push(e.data));
    }
  } as typeof MessageChannel;
};

export interface OpenOptions {
  card?: 'physical' | 'virtual';
  /** a card the spec made itself, instead of one of global setup's */
  cardId?: string;
  /** what the page asks to show; `transactions` adds the transactions panel */
  fields?: GrantableField[];
  locale?: 'en_US' | 'zh_CN';
  origin?: string;
  token?: string;
  autoHide?: number;
  refresh?: boolean;
  parentOrigin?: string;
  /** the SDK's `origin` option: where it thinks the display server is */
  displayOrigin?: string;
  /** getClientAccessToken hands out this spent token first, then fresh ones */
  firstToken?: string;
  /** getClientAccessToken hands out this spent token every time */
  alwaysToken?: string;
  helloTimeoutMs?: number;
  appearance?: Record<string, unknown>;
  /** the merchant page's own CSP forbids frames */
  blockFrames?: boolean;
  /** the page imports the SDK's ES module build instead of loading its script */
  esm?: boolean;
}

export const test = base.extend<
  { state: E2eState; openMerchantPage: (o?: OpenOptions) => Promise<FrameLocator> },
  { limitedOrigin: string }
>({
  state: async ({}, use) => use(readState()),
  /** a display server that lets a card be viewed once a minute (limited-server.ts), started for the specs that ask */
  limitedOrigin: [
    async ({}, use) => {
      const server = await startLimitedServer(readState());
      await use(server.origin);
      expect(await server.stop(), 'the limited server’s log').toEqual([]);
    },
    // its own budget: starting a server is not the first test's time
    { scope: 'worker', timeout: 60_000 },
  ],
  openMerchantPage: async ({ page, state }, use) => {
    await page.addInitScript(RECORD_MESSAGES);
    await use(async (o: OpenOptions = {}) => {
      const q = new URLSearchParams({
        merchant_id: state.merchant.merchant_id,
        card: o.cardId ?? state.cards[o.card ?? 'physical'],
        fields: (o.fields ?? ['pan', 'expiry', 'cvv', 'pin']).join(','),
        locale: o.locale ?? 'en_US',
      });
      if (o.token) q.set('token', o.token);
      if (o.autoHide !== undefined) q.set('auto_hide', String(o.autoHide));
      if (o.refresh === false) q.set('refresh', '0');
      if (o.parentOrigin) q.set('parent_origin', o.parentOrigin);
      if (o.displayOrigin) q.set('display_origin', o.displayOrigin);
      if (o.firstToken) q.set('first_token', o.firstToken);
      if (o.alwaysToken) q.set('always_token', o.alwaysToken);
      if (o.helloTimeoutMs) q.set('hello_timeout', String(o.helloTimeoutMs));
      if (o.appearance) q.set('appearance', JSON.stringify(o.appearance));
      if (o.blockFrames) q.set('csp', 'no-frames');
      if (o.esm) q.set('sdk', 'esm');
      await page.goto(`${o.origin ?? MERCHANT_ORIGIN}/page?${q}`);
      return page.frameLocator('#card iframe');
    });
  },
});

export { expect };

/** How many tokens the merchant page has minted since it loaded (merchant-page-script.ts). */
export const mints = (page: Page) => page.evaluate(() => (window as unknown as { __mints?: number }).__mints ?? 0);

/** Mints a token the way the merchant backend does, for specs that replay one. */
export async function mintFor(
  state: E2eState,
  card: 'physical' | 'virtual',
  fields: CardField[],
  parentOrigin = MERCHANT_ORIGIN,
) {
  const client = createMerchantClient(DISPLAY_ORIGIN, state.merchant);
  const res = await client.mint({
    card_id: state.cards[card],
    fields,
    mode: 'embed',
    parent_origin: parentOrigin,
    locale: 'en_US',
  });
  if (res.code !== 0 || !res.data) throw new Error(`mint failed: ${res.code}`);
  return res.data.client_access_token;
}

/** A hosted-mode URL for one card view, as the merchant's app would receive it. */
export async function hostedUrlFor(
  state: E2eState,
  card: 'physical' | 'virtual',
  fields: GrantableField[],
  locale: 'en_US' | 'zh_CN' = 'en_US',
) {
  const client = createMerchantClient(DISPLAY_ORIGIN, state.merchant);
  const res = await client.mint({ card_id: state.cards[card], fields, mode: 'hosted', locale });
  if (res.code !== 0 || !res.data?.hosted_url) throw new Error(`mint failed: ${res.code}`);
  return { url: res.data.hosted_url, token: res.data.client_access_token };
}

/**
 * The keys each message from the frame may carry (shared/protocol.ts; DESIGN §7: field names,
 * codes and words, never a value), and those of the objects inside them.
 */
const MESSAGE_KEYS: Record<string, readonly string[]> = {
  hello: ['frame_id'],
  ready: ['fields', 'card'],
  resize: ['height'],
  reveal: ['field'],
  hide: ['field'],
  copy: ['field'],
  error: ['error'],
  expired: [],
  retry: [],
  close: [],
};
const INNER_KEYS: Record<string, readonly string[]> = {
  card: ['brand', 'last4', 'type'],
  error: ['code', 'message', 'locale', 'reason', 'retryable', 'retryAfter', 'part'],
};

/**
 * What in `messages` goes beyond its type's shape, as `type.key` (or `type?` for a type
 * that is not ours): empty when every message carries only names, codes and words. A value,
 * its length or any other extra would show here, whatever its key is called.
 */
export function beyondShape(messages: unknown[]): string[] {
  return messages.flatMap((m) => {
    const { cardveil: _version, type, ...rest } = (m ?? {}) as Record<string, unknown>;
    const allowed = MESSAGE_KEYS[String(type)];
    if (!allowed) return [`${String(type)}?`];
    return Object.entries(rest).flatMap(([key, value]) => {
      if (!allowed.includes(key)) return [`${String(type)}.${key}`];
      const inner = INNER_KEYS[key];
      if (!inner) return [];
      return Object.keys(value as object)
        .filter((k) => !inner.includes(k))
        .map((k) => `${String(type)}.${key}.${k}`);
    });
  });
}

/**
 * Moves the page's fake clock on by `step` until `check` passes. For a timer a React effect
 * arms after the render the test waited for: on a busy machine the effect can run after a
 * single jump, whose timers have all fired by then, and the one it arms would never come.
 */
export async function fastForwardUntil(page: Page, step: string, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.clock.fastForward(step);
    await check();
  }).toPass({ timeout: 10_000 });
}

export async function events(page: Page): Promise<{ type: string; detail: Record<string, unknown> | null }[]> {
  return page.evaluate(
    () => (window as unknown as { __events: { type: string; detail: Record<string, unknown> | null }[] }).__events ?? [],
  );
}

/**
 * Whether `text` holds `value` as a value of its own: not inside a longer run of digits. The
 * parent's page legitimately carries random decimal ids (the frame id) in which a 3-digit
 * CVV turns up by chance in about one run in twenty.
 */
export function holdsValue(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<!\\d)${escaped}(?!\\d)`).test(text);
}

export async function parentSaw(page: Page): Promise<string> {
  const [html, evts, messages] = await Promise.all([
    page.content(),
    events(page),
    page.evaluate(() =>
      JSON.stringify((window as unknown as { __messages: unknown[] }).__messages ?? [], (_k, v) =>
        v instanceof MessagePort ? '[port]' : v,
      ),
    ),
  ]);
  return `${html}\n${JSON.stringify(evts)}\n${messages}`;
}

/**
 * Holds back the page's app module (the file matching `asset`), as on a slow first load,
 * so that what the early script does alone can be seen. Call the returned function to let it load.
 */
export async function holdAppModule(page: Page, asset: RegExp): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(asset, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
