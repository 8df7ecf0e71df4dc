import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmbed } from './embed-check.js';

afterEach(() => vi.unstubAllGlobals());

function answer(body: unknown) {
  const fetch = vi.fn(async () => new Response(typeof body == 'string' ? body : JSON.stringify(body)));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('checkEmbed', () => {
  it('asks with a simple CORS GET: no credentials and no custom header, so no preflight', async () => {
    const fetch = answer({ code: 0, msg: 'Success', data: { allowed: true } });
    await checkEmbed('https://display.example', 'mch_demo01', 'zh_CN');
    expect(fetch).toHaveBeenCalledWith(
      'https://display.example/api/v1/pci/display/embed-check?merchant_id=mch_demo01&locale=zh_CN',
      { mode: 'cors', credentials: 'omit' },
    );
  });

  it('finds nothing to report when the origin is allowed', async () => {
    answer({ code: 0, msg: 'Success', data: { allowed: true } });
    await expect(checkEmbed('https://display.example', 'mch_demo01', 'en_US')).resolves.toBeUndefined();
  });

  it.each([1013, 1015, 1021, 1022])('reports a %i refusal with the server’s message as its title', async (code) => {
    answer({ code, msg: 'server says no' });
    await expect(checkEmbed('https://display.example', 'mch_demo01', 'en_US')).resolves.toEqual({
      code,
      title: 'server says no',
      detail: '',
    });
  });

  it('leaves the title empty rather than print "undefined" when the refusal has no msg', async () => {
    answer({ code: 1015 });
    await expect(checkEmbed('https://display.example', 'mch_demo01', 'en_US')).resolves.toMatchObject({ title: '' });
  });

  it.each([
    ['a rate limit, which proves nothing about the page', { code: 1009, msg: 'Operation too frequent' }],
    ['a system error', { code: 1001, msg: 'System error' }],
    ['a body that is not JSON', '<html>502</html>'],
    ['a JSON null', 'null'],
    ['a code that is a string', { code: '1015', msg: 'x' }],
  ])('stays silent on %s', async (_, body) => {
    answer(body);
    await expect(checkEmbed('https://display.example', 'mch_demo01', 'en_US')).resolves.toBeUndefined();
  });

  it('stays silent when the request itself fails, leaving it to the hello timeout', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(checkEmbed('https://display.example', 'mch_demo01', 'en_US')).resolves.toBeUndefined();
  });
});
