/** The two languages Cardveil speaks. Anything else falls back to en_US, never errors. */
export const LOCALES = ['en_US', 'zh_CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en_US';

export function isLocale(value: unknown): value is Locale {
  return value === 'en_US' || value === 'zh_CN';
}

export function parseLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** A text in every locale; the type makes a missing translation a compile error. */
export type Localized<T = string> = Record<Locale, T>;
