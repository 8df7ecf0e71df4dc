/** WCAG 2 relative luminance of a #rgb, #rgba, #rrggbb or #rrggbbaa colour (alpha ignored). */
export function luminance(hex: string): number {
  const digits = hex.slice(1);
  const short = digits.length <= 4;
  const channel = (i: number): number => {
    const v = parseInt(short ? digits[i]!.repeat(2) : digits.slice(i * 2, i * 2 + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Dark text, for accents light enough that white on them would be hard to read. */
export const DARK_ON_ACCENT = '#17191f';

/**
 * The text colour for a button filled with `accent`: white, or dark where dark reads better.
 * A merchant's brand colour is often a light green or teal, on which white falls to 2.3:1.
 */
export function textOnAccent(accent: string): string {
  return contrastRatio(accent, '#ffffff') >= contrastRatio(accent, DARK_ON_ACCENT) ? '#ffffff' : DARK_ON_ACCENT;
}
