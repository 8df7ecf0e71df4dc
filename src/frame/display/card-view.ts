import type { AuditEventName } from '../../shared/api.js';
import { groupOf, isCopyable, type CardField } from '../../shared/fields.js';
import type { DisplaySession } from '../api/exchange-query.js';
import type { FrameEvents } from '../bridge/frame-events.js';
import { revealedText } from './format.js';
import { createKeyedTimers } from './keyed-timers.js';

export type CopyStatus = 'copied' | 'failed';

/** What the live region says next; no field means "every field". Never a value. */
export interface Announcement {
  /**
   * `field-error`: the field failed on its own (4015), and the row says so; `ending`: the
   * session ends in ENDING_NOTICE_SECONDS
   */
  kind: 'reveal' | 'hide' | 'copy' | 'copy-failed' | 'field-error' | 'ending';
  field?: CardField;
  seq: number;
}

export interface CardViewState {
  status: 'ready' | 'expired' | 'error';
  /** the whole frame's error: 4019 when the card envelope fails */
  errorCode?: number;
  /** display text of each revealed field: the only plaintext the frame holds */
  revealed: Partial<Record<CardField, string>>;
  /** a field that failed on its own: 4015 for the PIN envelope */
  fieldErrors: Partial<Record<CardField, number>>;
  copy: Partial<Record<CardField, CopyStatus>>;
  announcement: Announcement | null;
  /** inside the session's last ENDING_NOTICE_SECONDS: the card says so under its fields too */
  ending: boolean;
}

export interface CardViewOptions {
  session: DisplaySession;
  /** 0 keeps a revealed field until hidden */
  autoHideSeconds: number;
  events: FrameEvents;
  audit(event: AuditEventName, field: CardField): void;
  writeClipboard(text: string): Promise<void>;
  /** whether the page is hidden now: a value revealed then would stay behind the cardholder's back (DESIGN §7) */
  pageHidden(): boolean;
}

/** The card display's behaviour, without React: a store plus the cardholder's verbs. */
export interface CardView {
  getState(): CardViewState;
  subscribe(listener: () => void): () => void;
  /** reports `ready` and arms the session's end; safe to call again after stop() */
  start(): void;
  /** disarms every timer and hides revealed values */
  stop(): void;
  /** holds the view to the wall clock: for a page that comes back, perhaps from a sleep */
  check(): void;
  reveal(field?: CardField): void;
  hide(field?: CardField): void;
  toggle(field: CardField): void;
  copy(field: CardField): void;
  expire(): void;
}

const COPY_STATUS_MS = 2000;
/** a failure says what to do instead, which takes longer to read */
const COPY_FAILED_MS = 8000;
/**
 * The session's end is said aloud, and shown under the card, this long before: the card
 * then goes, with what the cardholder was in the middle of reading (WCAG 2.2.1 asks for a
 * warning).
 */
export const ENDING_NOTICE_SECONDS = 30;

function without<T>(record: Partial<Record<CardField, T>>, field: CardField): Partial<Record<CardField, T>> {
  const next = { ...record };
  delete next[field];
  return next;
}

export function createCardView(options: CardViewOptions): CardView {
  const { session, events, audit } = options;
  const { vault, fields } = session;
  let state: CardViewState = {
    status: 'ready',
    revealed: {},
    fieldErrors: {},
    copy: {},
    announcement: null,
    ending: false,
  };
  const listeners = new Set<() => void>();
  const { set: setTimer, clear: clearTimer, clearAll: clearTimers } = createKeyedTimers();
  /** when each revealed field goes again, on the wall clock */
  const hideAt: Partial<Record<CardField, number>> = {};
  let seq = 0;
  // The wall clock, never going back, and moving on with the steady clock meanwhile: turned
  // back mid-session (by hand, or NTP), it must not lengthen the session or a reveal, as
  // timers re-armed from a frozen instant at each check would. Date.now() still brings in a
  // device's sleep, which the steady clock may not count.
  let wall = Date.now();
  let steady = performance.now();
  const now = (): number => {
    const at = performance.now();
    wall = Math.max(wall + (at - steady), Date.now());
    steady = at;
    return wall;
  };

  const set = (patch: Partial<CardViewState>): void => {
    state = { ...state, ...patch };
    listeners.forEach((listener) => listener());
  };
  const announce = (kind: Announcement['kind'], field?: CardField): Pick<CardViewState, 'announcement'> => ({
    announcement: { kind, seq: ++seq, ...(field ? { field } : {}) },
  });
  const usable = (field: CardField): boolean =>
    state.status === 'ready' && fields.includes(field) && state.fieldErrors[field] === undefined;

  /**
   * Timers do not run while a device sleeps: woken after the session's end or a field's
   * auto-hide instant, the page would still show and copy values. So the wall clock decides,
   * at each reveal and copy and when the page comes back, and the timers are re-armed from
   * it. expiresAt is on this device's clock already (exchange-query.ts corrects it by the
   * server's offset, and ends it a margin early). False once the view is no longer ready.
   */
  function check(): boolean {
    const at = now();
    const left = session.expiresAt - at;
    if (left <= 0) expire();
    if (state.status !== 'ready') return false;
    setTimer('expire', left, expire);
    const notice = left - ENDING_NOTICE_SECONDS * 1000;
    if (notice > 0) setTimer('ending', notice, () => set({ ending: true, ...announce('ending') }));
    else {
      clearTimer('ending'); // woken inside the last 30 s: too late to say "in 30 seconds" aloud
      if (!state.ending) set({ ending: true }); // the note under the card counts what is left
    }
    hideDue(at);
    for (const f of revealedFields()) armHide(f, at);
    return true;
  }

  const revealedFields = (): CardField[] => fields.filter((f) => state.revealed[f] !== undefined);

  /** Hides the revealed fields due by `end`; several at once, and all there were, are said as one ("all hidden"). */
  function hideDue(end: number): void {
    const shown = revealedFields();
    const due = shown.filter((f) => (hideAt[f] ?? Infinity) <= end);
    if (due.length > 1 && due.length === shown.length) hide();
    else due.forEach((f) => hide(f));
  }

  function armHide(field: CardField, at: number): void {
    const end = hideAt[field];
    // The timer, not the wall clock, says the instant came (a clock turned back stands still,
    // see now()): due with it are the fields revealed together, which go as one.
    if (end !== undefined) setTimer(`hide:${field}`, end - at, () => hideDue(end));
  }

  /**
   * Hides each revealed field before the view drops them, with its event and audit: the
   * merchant hears onHide after onReveal, and the audit log has the hide. Audits are
   * fire-and-forget; one sent after the server's end is refused (1014), and harmless.
   */
  const hideEach = (): void => fields.forEach((f) => hideOne(f, true));

  /** A bad tag or payload at reveal time is the same failure as one at unwrap time. */
  function fail(field: CardField): void {
    if (groupOf(field) === 'pin') {
      clearTimer(`hide:${field}`);
      set({
        fieldErrors: { ...state.fieldErrors, [field]: 4015 },
        revealed: without(state.revealed, field),
        ...announce('field-error', field),
      });
      events.error(4015, undefined, { part: 'pin' }); // the card's other fields still work
    } else {
      clearTimers();
      hideEach();
      vault.wipe();
      set({ status: 'error', errorCode: 4019, copy: {} });
    }
  }

  /** Returns whether the field went from hidden to revealed. `at`: one instant for fields revealed together. */
  function revealOne(field: CardField, quiet: boolean, at = now()): boolean {
    if (!usable(field)) return false;
    const fresh = state.revealed[field] === undefined;
    if (fresh) {
      let text: string;
      try {
        text = revealedText(field, vault.read(field));
      } catch {
        fail(field);
        return false;
      }
      set({ revealed: { ...state.revealed, [field]: text }, ...(quiet ? {} : announce('reveal', field)) });
      events.field('reveal', field);
      audit('reveal', field);
    }
    // Revealing again restarts the clock.
    if (options.autoHideSeconds > 0) {
      hideAt[field] = at + options.autoHideSeconds * 1000;
      armHide(field, at);
    }
    return fresh;
  }

  function hideOne(field: CardField, quiet: boolean): boolean {
    clearTimer(`hide:${field}`);
    if (state.revealed[field] === undefined) return false;
    set({ revealed: without(state.revealed, field), ...(quiet ? {} : announce('hide', field)) });
    events.field('hide', field);
    audit('hide', field);
    return true;
  }

  function reveal(field?: CardField): void {
    // An SDK reveal() from a background tab would show values to nobody, until auto-hide.
    if (options.pageHidden() || !check()) return;
    if (field) revealOne(field, false);
    else {
      const said = seq;
      const at = now();
      // "All shown" would overwrite, and hide, a field's own failure said meanwhile (the PIN's 4015).
      if (fields.map((f) => revealOne(f, true, at)).some(Boolean) && seq === said) set(announce('reveal'));
    }
  }

  function hide(field?: CardField): void {
    if (field) hideOne(field, false);
    else if (fields.map((f) => hideOne(f, true)).some(Boolean)) set(announce('hide'));
  }

  function showCopyStatus(field: CardField, status: CopyStatus): void {
    set({ copy: { ...state.copy, [field]: status }, ...announce(status === 'copied' ? 'copy' : 'copy-failed', field) });
    setTimer(`copy:${field}`, status === 'copied' ? COPY_STATUS_MS : COPY_FAILED_MS, () =>
      set({ copy: without(state.copy, field) }),
    );
  }

  function expire(): void {
    clearTimers();
    hideEach();
    vault.wipe();
    if (state.status !== 'ready') return;
    set({ status: 'expired', copy: {} });
    events.expired();
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (state.status === 'ready') {
        events.ready(fields, session.card);
        // The envelopes are unwrapped in the task after `ready` (card-vault.ts), or at once
        // when a field is revealed first: the card shows ≈ 15 ms sooner. A bad envelope is
        // then what a bad value found at reveal is: 4019 for the frame, 4015 for the PIN alone.
        setTimer('unwrap', 0, () => {
          for (const group of ['card', 'pin'] as const) {
            const field = fields.find((f) => groupOf(f) === group);
            if (field && usable(field) && !vault.has(group)) fail(field);
          }
        });
      } else {
        vault.wipe(); // an error or the end came first: no key has anything left to serve
      }
      check();
    },
    stop() {
      clearTimers();
      hideEach();
      if (Object.keys(state.copy).length > 0) set({ copy: {} });
    },
    check,
    reveal,
    hide,
    toggle: (field) => (state.revealed[field] === undefined ? reveal(field) : hide(field)),
    copy(field) {
      if (!isCopyable(field) || !check() || !usable(field)) return;
      let raw: string;
      try {
        raw = vault.read(field);
      } catch {
        fail(field);
        return;
      }
      // The raw value goes to the clipboard and out of scope; nothing keeps it.
      options.writeClipboard(raw).then(
        () => {
          // Audited once it happened, whatever came meanwhile (the session's end): a copy
          // that did not happen is never audited, one that did always is.
          events.field('copy', field);
          audit('copy', field);
          if (state.status === 'ready') showCopyStatus(field, 'copied');
        },
        () => {
          if (state.status === 'ready') showCopyStatus(field, 'failed');
        },
      );
    },
    expire,
  };
}
