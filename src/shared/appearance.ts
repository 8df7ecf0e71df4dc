/**
 * Merchant theming is a closed set of tokens, never raw CSS: a merchant page must not
 * be able to inject selectors, `url(...)` fetches or fonts into the PCI frame. The frame
 * checks them with `checkAppearance` below, where it applies them; the SDK passes the
 * merchant's object on untouched (its 2.4 KB budget, docs/decisions.md), and a refusal
 * reaches the merchant's onError as 1004 naming the token.
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

const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

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

/**
 * What `update()` takes: tokens to set, and `null` for a token to go back to the frame's
 * default (a token left out is kept as it was).
 */
export type AppearanceUpdate = { [K in keyof Appearance]?: Appearance[K] | null };

const oneOf = (names: readonly string[]): RegExp => new RegExp(`^(${names.join('|')})$`);
const HEX_COLOR = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;

/** A string token is a pattern it must match whole; a number token, pixels within a range. */
const RULES: Record<keyof Appearance, RegExp | [min: number, max: number]> = {
  theme: oneOf(THEMES),
  colorText: HEX_COLOR,
  colorBackground: HEX_COLOR,
  colorAccent: HEX_COLOR,
  fontFamily: oneOf(FONT_NAMES),
  fontSize: [12, 22],
  radius: [0, 24],
  spacing: [4, 24],
};

/**
 * Returns a copy holding exactly the tokens it checked (so later changes to the caller's
 * object cannot slip past) or, as a string, the name of the first thing it refused:
 * `appearance` itself, or `appearance.<token>`. A known token may be `null`: back to the
 * default. What each token takes is written in the SDK's README.
 */
export function checkAppearance(value: unknown = {}): AppearanceUpdate | string {
  if (typeof value != 'object' || !value || Array.isArray(value)) return 'appearance';
  const checked: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // own keys only: `constructor` or `__proto__` is not a token
    const rule = Object.hasOwn(RULES, key) && RULES[key as keyof Appearance];
    // NaN fails both comparisons and Infinity the second: no isFinite needed.
    const ok =
      v === null
        ? rule
        : rule instanceof RegExp
          ? typeof v == 'string' && rule.test(v)
          : rule && typeof v == 'number' && v >= rule[0] && v <= rule[1];
    if (!ok) return `appearance.${key}`;
    checked[key] = v;
  }
  return checked;
}

/** `base` with `update` applied: its tokens set, its `null`s back to the default (left out). */
export function applyAppearanceUpdate(base: Appearance, update: AppearanceUpdate): Appearance {
  const merged: Record<string, unknown> = { ...base, ...update };
  for (const key of Object.keys(merged)) if (merged[key] === null) delete merged[key];
  return merged as Appearance;
}
