import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { Locale } from '../../shared/locale.js';
import { DisplayFailure } from '../api/display-failure.js';
import { serverNow } from '../api/server-clock.js';
import { useTransactions, type TransactionRange } from '../api/transactions-query.js';
import { focusIsOnNothing } from '../app/focus.js';
import { useFrame } from '../app/host-context.js';
import type { Messages } from '../i18n.js';
import { RetryLabel } from '../states/retry-button.js';
import { COPY_TXN_SYSTEM } from '../../shared/state-copy.js';
import { entryFor, nextStep } from '../states/state-entry.js';
import { useSecondsLeft } from '../states/use-seconds-left.js';
import { lastDays, rangeOf } from './date-range.js';
import { formatAmount, formatTime } from './format.js';

type Preset = 7 | 30 | 'custom';

/**
 * The days a custom range may name. A year typed short (`25`) is year 25 to a date input,
 * which no card has seen (and whose zone offsets are seconds, local mean time): the form
 * stops it with the browser's own message rather than send what the server can only refuse.
 */
const EARLIEST_DAY = '2000-01-01';
const LATEST_DAY = '9999-12-31';

/** Today on the server's clock: a device set hours or months off must not move "the last 7 days". */
const today = (): Date => new Date(serverNow());

export interface TransactionsPanelProps {
  sessionId: string;
  t: Messages;
  locale: Locale;
  /** the parent can mount a fresh view: what a failure that needs one (1017) offers */
  onReload?: () => void;
  /** the server no longer knows the session (1014): the whole view ends, as at its expiry */
  onSessionEnd: () => void;
}

/**
 * The optional, read-only list under the card: a range (7 days, 30 days, or two dates),
 * then the transactions newest first, a page at a time. Its failures (1019, 1020, 4009,
 * network) stay inside the panel, with `data-error-code` on it, and leave the card usable.
 * A custom range goes to the server as entered, inverted or too long (its days only held to
 * 2000–9999 by the inputs): the server's code is the one truth about what a range may be.
 */
export function TransactionsPanel({ sessionId, t, locale, onReload, onSessionEnd }: TransactionsPanelProps) {
  const { host } = useFrame();
  const [preset, setPreset] = useState<Preset>(30);
  const [draft, setDraft] = useState(() => lastDays(30, today()));
  const [range, setRange] = useState(() => rangeOf(draft)!);
  const query = useTransactions(sessionId, range, locale);
  const failure = query.error && (query.error instanceof DisplayFailure ? query.error : new DisplayFailure(1001));
  const code = failure?.code;
  const reason = failure?.reason;
  /** the server no longer holds the session: the whole view ends, and the panel says nothing of its own */
  const sessionGone = code === 1014;
  const headingId = useId();
  const statusId = useId();
  const tx = t.txn;
  const list = useRef<HTMLUListElement>(null);
  // "Load more" goes away after the last page: focus then moves to the first new row, not
  // to the top of the page, and the status says how many came.
  const [firstNew, setFirstNew] = useState<number | null>(null);

  useEffect(() => {
    if (code === undefined || !query.error) return;
    // A session the server no longer knows has ended for the card too: its reveals could not
    // be audited. The parent hears `expired`, as at the end, not a 1014 it would answer with
    // a fresh view behind the cardholder's back; the cardholder gets the view's Reload.
    if (sessionGone) {
      onSessionEnd();
      return;
    }
    // The parent learns every error state's code (DESIGN §7 onError), never a row: each
    // failure, so a second empty range or a second dropped request is heard too.
    host.events.error(code, reason, { failure: query.error, retryAfter: failure?.retryAfter, part: 'transactions' });
  }, [host, code, reason, query.error, failure?.retryAfter, sessionGone, onSessionEnd]);

  /** Shows `next`; the range already shown is asked for again (a purchase made since). */
  const show = (next: TransactionRange): void => {
    setFirstNew(null);
    setRetried(null); // a refetch of the range shown is no retry: no busy Retry button for it
    if (next.start === range.start && next.end === range.end) void query.refetch();
    else setRange(next);
  };
  const choose = (days: 7 | 30): void => {
    const dates = lastDays(days, today());
    setPreset(days);
    setDraft(dates);
    show(rangeOf(dates)!);
  };
  const rows = query.data?.pages.flatMap((p) => p.transactions) ?? [];
  const entry = !failure || sessionGone ? undefined : panelEntry(failure);
  const copy = entry?.text[locale];

  const loaded = firstNew !== null && rows.length > firstNew ? rows.length - firstNew : 0;
  const moreButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The first new row takes the focus from "Load more" (or from nothing, where the button
    // went with the last page), not from wherever the cardholder went while it loaded.
    const waiting = document.activeElement === moreButton.current || focusIsOnNothing();
    if (loaded > 0 && waiting) (list.current?.children[firstNew!] as HTMLElement | undefined)?.focus();
  }, [loaded, firstNew]);
  const loadMore = (): void => {
    if (query.isFetchingNextPage) return;
    setFirstNew(rows.length);
    void query.fetchNextPage();
  };
  // The next step as a whole-frame state words it (state-notice.tsx): a button only where it
  // can work, and words that name it only where it is there. A retry asks again from here
  // (the page that failed, or the first); a reload needs a fresh view from the parent,
  // which a hosted page cannot get.
  // A first page asked for again: with nothing loaded, the query drops its error the moment it
  // runs again, which would take the pressed button away from under the focus. The button
  // stays, busy, until the answer: a second failure finds the focus still on it.
  const [retried, setRetried] = useState<typeof range | null>(null);
  const retryHere = (): void => {
    if (query.isFetchNextPageError) return loadMore();
    setRetried(range);
    void query.refetch();
  };
  const busy = retried === range && query.isFetching && !query.isFetchingNextPage;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Answered without a failure to retry (rows, or none in range): the button went with the
    // focus on it, which goes to what came instead of to the top of the frame.
    if (busy || retried === null || document.activeElement !== document.body) return;
    ((list.current?.children[0] as HTMLElement | undefined) ?? heading.current)?.focus();
  }, [busy, retried]);
  const next = entry?.action === 'retry' ? retryHere : entry?.action === 'reload' ? onReload : undefined;
  const retryButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // "Load more" failed under the focus, and went: its retry, in its place, takes the focus
    // (or, where nothing can be retried, the panel's heading), not the top of the frame.
    if (query.isFetchNextPageError && focusIsOnNothing()) (retryButton.current ?? heading.current)?.focus();
  }, [query.isFetchNextPageError]);
  // 1019 and 1020 are about the dates entered: the fields say so, and point at why
  const datesRefused = code === 1019 || code === 1020 ? { 'aria-invalid': true, 'aria-describedby': statusId } : {};

  return (
    <section
      className="cv-txns"
      aria-labelledby={headingId}
      aria-busy={query.isFetching}
      data-testid="transactions"
      data-state={query.isPending ? 'loading' : failure ? 'error' : 'ready'}
      data-error-code={code}
    >
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {tx.title}
      </h2>
      <div className="cv-range" role="group" aria-label={tx.range}>
        {([7, 30, 'custom'] as const).map((p) => (
          <button
            key={p}
            type="button"
            data-testid={`range-${p === 'custom' ? p : `${p}d`}`}
            aria-pressed={preset === p}
            onClick={() => (p === 'custom' ? setPreset(p) : choose(p))}
          >
            {p === 7 ? tx.last7 : p === 30 ? tx.last30 : tx.custom}
          </button>
        ))}
      </div>
      {preset === 'custom' && (
        <form
          className="cv-dates"
          onSubmit={(e) => {
            e.preventDefault();
            const next = rangeOf(draft);
            if (next) show(next);
          }}
        >
          <label>
            {tx.from}
            <input
              type="date"
              required
              data-testid="range-start"
              min={EARLIEST_DAY}
              max={LATEST_DAY}
              {...datesRefused}
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            {tx.to}
            <input
              type="date"
              required
              data-testid="range-end"
              min={EARLIEST_DAY}
              max={LATEST_DAY}
              {...datesRefused}
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" data-testid="range-apply">
            {tx.apply}
          </button>
        </form>
      )}
      {query.isPending && <p className="cv-txn-note">{tx.loading}</p>}
      {rows.length > 0 && (
        <ul ref={list}>
          {rows.map((r) => (
            <li key={r.id} data-testid="txn-row" data-status={r.status} tabIndex={-1}>
              <span>{r.merchant_name}</span>
              <b>{formatAmount(r, locale)}</b>
              <small>
                {formatTime(r.time, locale)} · {tx.status[r.status]}
              </small>
            </li>
          ))}
        </ul>
      )}
      {/* always in the page, so that what fills it is read out (a status that arrives filled often is not) */}
      <div role="status" id={statusId}>
        {copy ? (
          <p className="cv-txn-note">
            <strong>{copy.title}</strong> {nextStep(copy, !!next)} <small>{t.errorCode(code!)}</small>
          </p>
        ) : (
          loaded > 0 && <p className="cv-sr">{tx.loaded(loaded)}</p>
        )}
      </div>
      {(next || busy) && (
        <PanelRetry
          label={entry?.action === 'reload' ? t.reload : t.retry}
          retryAfter={failure?.retryAfter}
          failedAt={query.errorUpdatedAt}
          busy={busy}
          t={t}
          describedBy={statusId}
          onRetry={next ?? retryHere}
          buttonRef={retryButton}
        />
      )}
      {query.hasNextPage && !next && (
        <button
          type="button"
          className="cv-more"
          data-testid="load-more"
          ref={moreButton}
          // not `disabled`: a disabled button drops the focus that is on it
          aria-disabled={query.isFetchingNextPage || undefined}
          onClick={loadMore}
        >
          {tx.more}
        </button>
      )}
    </section>
  );
}

/** A failure's words in the panel: a system error is about transactions, not the card above. */
function panelEntry(failure: DisplayFailure) {
  return failure.code === 1001 && failure.reason !== 'network' ? COPY_TXN_SYSTEM : entryFor(failure.code, failure.reason);
}

interface PanelRetryProps {
  label: string;
  retryAfter: number | undefined;
  /** when the failure came: each 1009 counts its own wait from there, on the same button */
  failedAt: number;
  /** its retry is running: it stays, for the focus on it, and does nothing */
  busy: boolean;
  t: Messages;
  describedBy: string;
  onRetry: () => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

/** The panel's retry: at once, or once a 1009's wait has passed, as the whole-frame notice's. */
function PanelRetry({ label, retryAfter, failedAt, busy, t, describedBy, onRetry, buttonRef }: PanelRetryProps) {
  const wait = useSecondsLeft(retryAfter, failedAt);
  return (
    <button
      ref={buttonRef}
      type="button"
      className="cv-more"
      data-testid="txn-retry"
      aria-describedby={describedBy}
      aria-disabled={busy || wait > 0 || undefined}
      onClick={() => {
        if (!busy && wait === 0) onRetry();
      }}
    >
      <RetryLabel label={label} waiting={wait > 0 ? t.retryIn(wait) : undefined} />
    </button>
  );
}
