import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

/** Each rule's selector and declarations, comments dropped: a flat reading, enough for these checks. */
const rules = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
  selector: selector!.trim(),
  declarations: body!
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean),
}));

describe('the frame’s styles', () => {
  it('draw the accent as text, icon or focus ring only in its readable variant (--ac-fg)', () => {
    const foreground = /^(color|outline|outline-color|stroke|fill)\s*:/;
    const raw = rules.flatMap(({ selector, declarations }) =>
      declarations.filter((d) => foreground.test(d) && /var\(--ac\)/.test(d)).map((d) => `${selector} { ${d} }`),
    );
    expect(raw).toEqual([]);
    const ring = rules.find((r) => r.selector === ':focus-visible')!;
    expect(ring.declarations).toContain('outline: 2px solid var(--ac-fg)');
  });

  it('give a date field an edge at 3:1: the secondary text colour, not the divider', () => {
    const input = rules.filter((r) => r.selector.split(',').some((s) => s.trim() === '.cv-txns input'));
    const edge = input.flatMap((r) => r.declarations.filter((d) => /^border(-color)?\s*:/.test(d))).pop();
    expect(edge).toMatch(/var\(--mu\)$/);
  });

  it('keep a waiting control’s words at the secondary text’s contrast, not faded (a 1009’s countdown is read there)', () => {
    const waiting = rules.filter((r) => r.selector.includes("[aria-disabled='true']"));
    expect(waiting.map((r) => r.selector).sort()).toEqual([".cv-action[aria-disabled='true']", ".cv-more[aria-disabled='true']"]);
    for (const { declarations } of waiting) {
      expect(declarations.filter((d) => /^opacity\s*:/.test(d))).toEqual([]);
      expect(declarations).toContain('color: var(--mu)');
    }
  });
});
