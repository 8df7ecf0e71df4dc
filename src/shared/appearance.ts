/**
 * Merchant theming is a closed set of tokens, never raw CSS: a merchant page must not
 * be able to inject selectors, `url(...)` fetches or fonts into the PCI frame. The SDK
 * checks these at mount (with a clear error) and the frame checks them again, both with
 * `checkAppearance` below. It needs only the font names, not their stacks, so the SDK
 * (2.4 KB budget) does not carry the stacks only the frame uses.
 */
export const FONT_NAMES = ['system', 'serif', 'mono', 'rounded'] as const;
export type FontName = (typeof FONT_NAMES)[number];

export const FONT_STACKS: Record<FontName, string> = {
  system:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  serif: 'Georgia, "Times New Roman", "Songti SC", "Noto Serif CJK SC", serif',
  mono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
  rounded: 'ui-rounded, "SF Pro Rounded", "Nunito", "PingFang SC", "Microsoft YaHei", sans-serif',
};

export type Theme = 'light' | 'dark' | 'auto';

export interface Appearance {
  theme?: Theme;
  colorText?: string;
  colorBackground?: string;
  colorAccent?: string;
  fontFamily?: FontName;
  /** px, 12–22 */
  fontSize?: number;
  /** px, 0–24 */
  radius?: number;
  /** px, 4–24 */
  spacing?: number;
}

/** One token's test, and what it expects, for the reason of a refusal. */
type Rule = [test: (value: unknown) => boolean, expected: string];

const oneOf = (names: readonly string[]): Rule => [(v) => names.includes(v as string), names.join(', ')];
const HEX_COLOR = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;
const color: Rule = [(v) => typeof v == 'string' && HEX_COLOR.test(v), 'a hex color such as #1a1f36'];
// NaN fails both comparisons and Infinity the second: no isFinite needed.
const pixels = (min: number, max: number): Rule => [
  (v) => typeof v == 'number' && v >= min && v <= max,
  `pixels from ${min} to ${max}`,
];

const RULES: Record<keyof Appearance, Rule> = {
  theme: oneOf(['light', 'dark', 'auto']),
  colorText: color,
  colorBackground: color,
  colorAccent: color,
  fontFamily: oneOf(FONT_NAMES),
  fontSize: pixels(12, 22),
  radius: pixels(0, 24),
  spacing: pixels(4, 24),
};

/**
 * Returns a copy holding exactly the tokens it checked (so later changes to the caller's
 * object cannot slip past), or the first reason for refusal, `appearance.<token>:
 * expected ...`, in the words of the SDK's CardveilError.
 */
export function checkAppearance(value: unknown = {}): { ok: true; value: Appearance } | { ok: false; reason: string } {
  if (typeof value != 'object' || !value || Array.isArray(value)) return { ok: false, reason: 'appearance: expected an object' };
  const checked: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // own keys only: `constructor` or `__proto__` is not a token
    const rule = Object.hasOwn(RULES, key) ? RULES[key as keyof Appearance] : undefined;
    if (!rule?.[0](v)) return { ok: false, reason: `appearance.${key}: expected ${rule?.[1] ?? 'a known token'}` };
    checked[key] = v;
  }
  return { ok: true, value: checked as Appearance };
}
