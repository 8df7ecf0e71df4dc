import { parseLocale, type Locale } from '../../shared/locale.js';

/** What `/hosted#token=…&locale=…` carries. */
export interface HostedFragment {
  token: string | null;
  locale: string | null;
}

/**
 * Reads the fragment, then takes it out of the address bar, the history entry and any
 * later Referer, for good. The token travels there so that it reaches no server log.
 */
export function takeHostedFragment(win: Window): HostedFragment {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  win.history.replaceState(null, '', win.location.pathname + win.location.search);
  return { token: fragment.get('token'), locale: fragment.get('locale') };
}

/**
 * The hosted page's language: the fragment's, else the query's (what the server wrote the
 * page's lang and title in), else en_US.
 */
export function hostedLocale(fragment: HostedFragment, win: Window): Locale {
  return parseLocale(fragment.locale ?? new URLSearchParams(win.location.search).get('locale'));
}
