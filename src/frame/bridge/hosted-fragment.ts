import { isLocale, parseLocale, type Locale } from '../../shared/locale.js';

/** What `/hosted#token=…&locale=…` carries. */
export interface HostedFragment {
  token: string | null;
  locale: string | null;
}

/**
 * Reads the fragment, then takes it out of the address bar, the history entry and any
 * later Referer, for good. The token travels there so that it reaches no server log. Its
 * language stays, moved to the query: a reload (which can only show 1014, the token spent)
 * is then written by the server in the cardholder's language from the first byte.
 */
export function takeHostedFragment(win: Window): HostedFragment {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const locale = fragment.get('locale');
  const query = new URLSearchParams(win.location.search);
  if (isLocale(locale)) query.set('locale', locale);
  // A token put in the query by mistake is refused (1014, it has reached the server's log),
  // but it is live until it expires: it leaves the address bar too.
  query.delete('token');
  const search = query.toString();
  win.history.replaceState(null, '', win.location.pathname + (search ? `?${search}` : ''));
  return { token: fragment.get('token'), locale };
}

/**
 * The hosted page's language: the fragment's, else the query's (what the server wrote the
 * page's lang and title in), else en_US.
 */
export function hostedLocale(fragment: HostedFragment, win: Window): Locale {
  return parseLocale(fragment.locale ?? new URLSearchParams(win.location.search).get('locale'));
}
