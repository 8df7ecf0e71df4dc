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

/** The BCP 47 tag of a locale, for `<html lang>` and Intl: the platform's `zh_CN` is `zh-CN` there. */
export const langTag = (locale: Locale): string => locale.replace('_', '-');

/** The frame's document title, and so the iframe's accessible name: the pages, the app and the embed check say the same. */
export const FRAME_TITLE: Localized = { en_US: 'Card details', zh_CN: '卡片信息' };
