import { describe, expect, it } from 'vitest';
import { readPageRefusal, withPageRefusal } from './page-refusal.js';

/** A document as the frame reads it: its head parsed into the one meta it looks for. */
const parsed = (html: string) => ({
  querySelector: () => {
    const content = /<meta name="cardveil-refusal" content="([^"]*)">/.exec(html)?.[1];
    return content === undefined ? null : ({ content } as HTMLMetaElement);
  },
});
const withContent = (content: string) => ({ querySelector: () => ({ content }) as HTMLMetaElement });

describe('a refused page load', () => {
  it('is said first in the page’s head, where the early script finds it, and read back as its code', () => {
    const page = withPageRefusal('<html><head><title>x</title><script src="/early.js"></script></head><body></body></html>', {
      code: 1001,
    })!;
    expect(page).toBe(
      '<html><head><meta name="cardveil-refusal" content="1001"><title>x</title><script src="/early.js"></script></head><body></body></html>',
    );
    expect(readPageRefusal(parsed(page))).toEqual({ code: 1001 });
    expect(withPageRefusal('<html><head data-x="1"><title>x</title></head></html>', { code: 1001 })).toBe(
      '<html><head data-x="1"><meta name="cardveil-refusal" content="1001"><title>x</title></head></html>',
    );
  });

  it('carries a 1009’s wait, which the frame’s Retry counts down', () => {
    const page = withPageRefusal('<head></head>', { code: 1009, retryAfter: 42 })!;
    expect(page).toBe('<head><meta name="cardveil-refusal" content="1009;42"></head>');
    expect(readPageRefusal(parsed(page))).toEqual({ code: 1009, retryAfter: 42 });
    // as the exchange's Retry-After: an hour at most is believed, and a wait that is no number is none
    expect(readPageRefusal(withContent('1009;86400'))).toEqual({ code: 1009, retryAfter: 3600 });
    for (const wait of ['', '0', '-5', '1.5', '4.0', '1e2', '0x2a', 'soon'])
      expect(readPageRefusal(withContent(`1009;${wait}`))).toEqual({ code: 1009 });
  });

  it('cannot be said in a page with no head: the caller answers otherwise, never with the working page', () => {
    expect(withPageRefusal('<div id="root"></div>', { code: 1009 })).toBeUndefined();
    expect(withPageRefusal('<header></header>', { code: 1009 })).toBeUndefined();
  });

  it('reads as none without the meta, or with a code no refusal has', () => {
    expect(readPageRefusal(parsed('<head></head>'))).toBeUndefined();
    for (const content of ['', '0', 'abc', '1014', '10.09e2x', '1014;30', ';1009', '0x3F1', '1.009e3', ' 1009', '1009.0']) {
      expect(readPageRefusal(withContent(content))).toBeUndefined();
    }
  });
});
