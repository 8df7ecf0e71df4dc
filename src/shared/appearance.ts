/**
 * Merchant theming is a closed set of tokens, never raw CSS: a merchant page must not
 * be able to inject selectors, `url(...)` fetches or fonts into the PCI frame. The SDK
 * checks these at mount (with a clear error) and the frame checks them again.
 */
export const FONT_STACKS = {
  system:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  serif: 'Georgia, "Times New Roman", "Songti SC", "Noto Serif CJK SC", serif',
  mono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
  rounded: 'ui-rounded, "SF Pro Rounded", "Nunito", "PingFang SC", "Microsoft YaHei", sans-serif',
} as const;
export type FontName = keyof typeof FONT_STACKS;

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

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const RANGES = { fontSize: [12, 22], radius: [0, 24], spacing: [4, 24] } as const;

/** Returns the appearance when every key is known and every value safe; else the reason. */
export function checkAppearance(value: unknown): { ok: true; value: Appearance } | { ok: false; reason: string } {
  if (value === undefined) return { ok: true, value: {} };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'appearance must be an object' };
  }
  for (const [key, v] of Object.entries(value)) {
    const bad = (why: string) => ({ ok: false as const, reason: `appearance.${key}: ${why}` });
    switch (key) {
      case 'theme':
        if (v !== 'light' && v !== 'dark' && v !== 'auto') return bad('use light, dark or auto');
        break;
      case 'colorText':
      case 'colorBackground':
      case 'colorAccent':
        if (typeof v !== 'string' || !HEX_COLOR.test(v)) return bad('use a hex color such as #1a1f36');
        break;
      case 'fontFamily':
        if (typeof v !== 'string' || !Object.hasOwn(FONT_STACKS, v)) {
          return bad(`use one of ${Object.keys(FONT_STACKS).join(', ')}`);
        }
        break;
      case 'fontSize':
      case 'radius':
      case 'spacing': {
        const [min, max] = RANGES[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
          return bad(`use a number of pixels from ${min} to ${max}`);
        }
        break;
      }
      default:
        return bad('unknown appearance token');
    }
  }
  return { ok: true, value: value as Appearance };
}
