/** The red, green and blue of a #rgb, #rgba, #rrggbb or #rrggbbaa colour, 0–255; alpha ignored. */
const channels = (hex: string): number[] => {
  const d = hex.slice(1);
  const short = d.length <= 4;
  return [0, 1, 2].map((i) => parseInt(short ? d[i]!.repeat(2) : d.slice(i * 2, i * 2 + 2), 16));
};

/** WCAG 2 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
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

/** `color-mix(in srgb, fg p%, bg)`, as a #rrggbb. */
export function mix(fg: string, bg: string, percent: number): string {
  const [f, b] = [channels(fg), channels(bg)];
  const out = f.map((v, i) => Math.round((v * percent + b[i]! * (100 - percent)) / 100));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The share of the text colour in secondary text that the themes use: `--cv-mu`'s default in styles.css. */
const THEME_MUTED_PERCENT = 62;

/**
 * How much of the text colour secondary text needs (labels, masked values, next steps) to
 * read at 4.5:1 on the background: the theme's share where that suffices, more for a
 * merchant's palette where it does not.
 */
export function mutedPercent(fg: string, bg: string): number {
  for (let p = THEME_MUTED_PERCENT; p < 100; p += 2) if (contrastRatio(mix(fg, bg, p), bg) >= 4.5) return p;
  return 100;
}

/** The share of the accent in the card type's pill behind it: `.cv-type` in styles.css. */
const ACCENT_TINT_PERCENT = 12;

/**
 * The accent as a foreground (text, icons, focus rings) on the background: the accent
 * itself where it reads at 4.5:1, on the background and on its own tint behind the card
 * type, else the accent moved towards the text colour until it does (a light brand green
 * on white is 2.3:1). One value at the text level also clears the 3:1 rings and icons need.
 */
export function accentForeground(accent: string, fg: string, bg: string): string {
  const tint = mix(accent, bg, ACCENT_TINT_PERCENT);
  for (let p = 0; p < 100; p += 5) {
    const colour = mix(fg, accent, p);
    if (contrastRatio(colour, bg) >= 4.5 && contrastRatio(colour, tint) >= 4.5) return colour;
  }
  return fg;
}
