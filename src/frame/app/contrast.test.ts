import { describe, expect, it } from 'vitest';
import { accentForeground, contrastRatio, DARK_ON_ACCENT, mix, mutedPercent, textOnAccent } from './contrast.js';

describe('text on an accent colour', () => {
  it('computes the WCAG contrast ratio', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#4f46e5')).toBeCloseTo(6.29, 2);
    expect(contrastRatio('#8f98ff', '#ffffff')).toBeCloseTo(2.59, 2);
  });

  it.each([
    ['#4f46e5', '#ffffff'], // the light theme's default accent
    ['#1a1f36', '#ffffff'],
    ['#8f98ff', DARK_ON_ACCENT], // the dark theme's default accent: white would be 2.59:1
    ['#00b3a4', DARK_ON_ACCENT],
    ['#22c55e', DARK_ON_ACCENT],
    ['#ffcc00ff', DARK_ON_ACCENT], // alpha is ignored
    ['#fc0', DARK_ON_ACCENT],
  ])('on %s, writes %s, and reads at 4.5:1 or better where either can', (accent, text) => {
    expect(textOnAccent(accent)).toBe(text);
    expect(contrastRatio(accent, textOnAccent(accent))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('secondary text on a merchant’s palette', () => {
  it('mixes as color-mix(in srgb) does', () => {
    expect(mix('#000000', '#ffffff', 50)).toBe('#808080');
    expect(mix('#1a1f36', '#fff', 100)).toBe('#1a1f36');
  });

  it.each([
    ['#1a1f36', '#ffffff', 62], // the light theme's own: 62% already reads at 4.64:1
    ['#eef0f6', '#17191f', 62], // the dark theme's
    ['#333333', '#ffffff', 68], // 62% would be 3.92:1
    ['#4a4a4a', '#ffffff', 76],
  ])('%s on %s: %d%% of the text colour', (fg, bg, percent) => {
    expect(mutedPercent(fg, bg)).toBe(percent);
    expect(contrastRatio(mix(fg, bg, percent), bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('uses the text colour itself where no mix reads well enough', () => {
    expect(mutedPercent('#777777', '#ffffff')).toBe(100);
  });
});

describe('a merchant’s accent as a foreground', () => {
  const LIGHT = { fg: '#1a1f36', bg: '#ffffff' };
  const DARK = { fg: '#eef0f6', bg: '#17191f' };
  /** The card type's pill: the accent's 12% tint, with the foreground on it. */
  const pill = (accent: string, bg: string) => mix(accent, bg, 12);

  it.each([
    ['#4f46e5', LIGHT], // the light theme's own accent
    ['#8f98ff', DARK], // the dark theme's
    ['#22c55e', DARK],
  ])('keeps %s where it already reads at 4.5:1', (accent, { fg, bg }) => {
    expect(accentForeground(accent, fg, bg)).toBe(accent);
  });

  it.each([
    ['#22c55e', LIGHT], // 2.28:1 on white, 2.05:1 on its pill
    ['#00b3a4', LIGHT],
    ['#ffcc00', LIGHT],
    ['#1a1f36', DARK], // a dark brand colour on the dark theme
    ['#22c55e', { fg: '#333333', bg: '#f5f5dc' }],
  ])('moves %s towards the text colour until it reads at 4.5:1, on the background and on its pill', (accent, { fg, bg }) => {
    expect(contrastRatio(accent, bg)).toBeLessThan(4.5);
    const foreground = accentForeground(accent, fg, bg);
    expect(contrastRatio(foreground, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(foreground, pill(accent, bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to the text colour where no mix reads well enough', () => {
    expect(accentForeground('#808080', '#777777', '#ffffff')).toBe('#777777');
  });
});
