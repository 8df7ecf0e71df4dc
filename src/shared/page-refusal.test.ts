import { describe, expect, it } from 'vitest';
import { readPageRefusal, withPageRefusal } from './page-refusal.js';

/** A document as the frame reads it: its head parsed into the one meta it looks for. */
const parsed = (html: string) => ({
  querySelector: () => {
    const content = /<meta name="cardveil-refusal" content="([^"]*)">/.exec(html)?.[1];
    return content === undefined ? null : ({ content } as HTMLMetaElement);
  },
});

describe('a refused page load', () => {
  it('is said first in the page’s head, where the early script finds it, and read back as its code', () => {
    const page = withPageRefusal(
      '<html><head><title>x</title><script src="/early.js"></script></head><body></body></html>',
      1009,
    )!;
    expect(page).toBe(
      '<html><head><meta name="cardveil-refusal" content="1009"><title>x</title><script src="/early.js"></script></head><body></body></html>',
    );
    expect(readPageRefusal(parsed(page))).toBe(1009);
    expect(readPageRefusal(parsed(withPageRefusal('<head></head>', 1001)!))).toBe(1001);
    expect(withPageRefusal('<html><head data-x="1"><title>x</title></head></html>', 1001)).toBe(
      '<html><head data-x="1"><meta name="cardveil-refusal" content="1001"><title>x</title></head></html>',
    );
  });

  it('cannot be said in a page with no head: the caller answers otherwise, never with the working page', () => {
    expect(withPageRefusal('<div id="root"></div>', 1009)).toBeUndefined();
    expect(withPageRefusal('<header></header>', 1009)).toBeUndefined();
  });

  it('reads as none without the meta, or with a code no refusal has', () => {
    expect(readPageRefusal(parsed('<head></head>'))).toBeUndefined();
    for (const content of ['', '0', 'abc', '1014', '10.09e2x']) {
      expect(readPageRefusal({ querySelector: () => ({ content }) as HTMLMetaElement })).toBeUndefined();
    }
  });
});
