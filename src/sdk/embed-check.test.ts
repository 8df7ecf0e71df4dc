import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmbed } from './embed-check.js';
import type { Settings } from './options.js';

afterEach(() => vi.unstubAllGlobals());

function answer(body: unknown) {
  const fetch = vi.fn(async () => new Response(typeof body == 'string' ? body : JSON.stringify(body)));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** The part of the settings the embed check reads. */
const settings = (locale: Settings['locale']) =>
  ({ origin: 'https://display.example', merchantId: 'mch_demo01', locale }) as Settings;

describe('checkEmbed', () => {
  it('asks with a simple CORS GET (fetch’s defaults): no credentials and no custom header, so no preflight', async () => {
    const fetch = answer({ code: 0, msg: 'Success', data: { allowed: true } });
    await checkEmbed(settings('zh_CN'));
    expect(fetch).toHaveBeenCalledWith(
      'https://display.example/api/v1/pci/display/embed-check?merchant_id=mch_demo01&locale=zh_CN',
    );
    // the defaults: CORS, and credentials only to the page's own origin, which the display's never is
    const request = new Request('https://display.example/');
    expect([request.mode, request.credentials]).toEqual(['cors', 'same-origin']);
  });

  it('resolves to the answer as it came, for the display to read with care', async () => {
    const body = { code: 1015, msg: 'no', data: { copy: { 1015: { en_US: { title: 't', detail: 'd' } } } } };
    answer(body);
    await expect(checkEmbed(settings('en_US'))).resolves.toEqual(body);
  });

  it.each([
    [
      'the request fails',
      () =>
        vi.stubGlobal(
          'fetch',
          vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
        ),
    ],
    ['the body is not JSON', () => answer('<html>502</html>')],
  ])('resolves to undefined when %s, leaving it to the hello timeout', async (_, setUp) => {
    setUp();
    await expect(checkEmbed(settings('en_US'))).resolves.toBeUndefined();
  });
});
