import type { Appearance } from '../shared/appearance.js';
import { expect } from './errors.js';

/**
 * The appearance allow-list of shared/appearance.ts, restated as rules. `checkAppearance`
 * there needs FONT_STACKS (every font stack, to list them in its message), which costs
 * the SDK ~590 B gzip of its 2.4 KB budget; this table costs ~250 B, and
 * appearance-check.test.ts proves the two accept and refuse exactly the same inputs.
 * The frame checks again with `checkAppearance` itself.
 */
const HEX = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;
const RULES: Record<string, RegExp | [min: number, max: number]> = {
  theme: /^(light|dark|auto)$/,
  colorText: HEX,
  colorBackground: HEX,
  colorAccent: HEX,
  fontFamily: /^(system|serif|mono|rounded)$/,
  fontSize: [12, 22],
  radius: [0, 24],
  spacing: [4, 24],
};

/** Theme tokens only, never CSS: `url(`, `@import` or an unknown key is a CardveilError 1004. */
export function checkAppearanceOption(value: unknown): Appearance {
  expect(value === undefined || (typeof value == 'object' && value && !Array.isArray(value)), 'appearance', 'an object');
  const appearance = { ...value } as Record<string, unknown>;
  for (const key in appearance) {
    const rule = Object.hasOwn(RULES, key) ? RULES[key] : undefined;
    const v = appearance[key];
    expect(
      rule && (Array.isArray(rule) ? typeof v == 'number' && v >= rule[0] && v <= rule[1] : typeof v == 'string' && rule.test(v)),
      `appearance.${key}`,
      !rule ? 'a known token' : Array.isArray(rule) ? `pixels from ${rule[0]} to ${rule[1]}` : `${rule}`,
    );
  }
  return appearance as Appearance;
}
