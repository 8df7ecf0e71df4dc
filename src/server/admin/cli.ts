import { parseArgs } from 'node:util';
import { MERCHANT_ID } from '../../shared/api.js';
import { errorMessage } from '../../shared/error-codes.js';
import { ApiError } from '../errors.js';
import { ConfigError } from '../../shared/config-error.js';
import type { CardStatus, MerchantStatus, DurableStores } from '../stores/types.js';
import type { CardType, DisplayMode } from '../../shared/fields.js';
import {
  AdminRefusal,
  auditWindow,
  unsettledAuditNote,
  createApiKey,
  createCard,
  createMerchant,
  createTransaction,
  readAudit,
  setCardStatus,
  updateApiKey,
  updateMerchant,
} from './commands.js';
import { auditAdminCommand } from './audit-admin.js';
import { openConfiguredStores } from './open-stores.js';
import { seedDemo } from './seed.js';
import { parseInstant } from './transaction-data.js';

const USAGE = `Cardveil admin

  merchant:create --name N --origin O [--origin O2] [--modes embed,hosted] [--pci-display on|off] [--ip CIDR] [--json]
  merchant:update ID [--pci-display on|off] [--status active|frozen] [--origin O ...] [--modes ...] [--json]
                         --origin and --modes replace the whole list: name every origin to keep
  key:create --merchant ID [--ip CIDR ... | --ip any] [--json]
                         another API key for the merchant (rotation); its secret is printed once;
                         without --ip, it takes the allow-list the merchant's keys share
  key:update KEY [--status enabled|disabled] [--expires ISO-8601|never] [--ip CIDR ... | --ip any] [--json]
                         applies at once to the Access-Tokens the key has issued
  card:create --merchant ID --type virtual|physical --pan P --cvv C --expiry MM/YY [--pin NNNNNN] [--status active|frozen|cancelled] [--json]
  card:status ID --status active|frozen|cancelled [--json]
  txn:create --card ID --amount 12.34 --currency USD --merchant-name N
             --status pending|completed|declined|refunded --time ISO-8601 [--json]
                         a transaction for the display's transactions panel; the amount has the
                         currency's precision (JPY 1200, USD 12.34) and prints back in minor units
  audit [--merchant ID] [--since ISO-8601] [--until ISO-8601] [--json]
  seed [--json]          create the demo merchant and cards (idempotent)

The store is the one the server uses: CARDVEIL_DB and CARDVEIL_DATA_KEY, or scaled out
REDIS_URL and DATABASE_URL with CARDVEIL_DATA_KEY.`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  modes: { type: 'string' },
  'pci-display': { type: 'string' },
  ip: { type: 'string', multiple: true },
  status: { type: 'string' },
  merchant: { type: 'string' },
  type: { type: 'string' },
  pan: { type: 'string' },
  cvv: { type: 'string' },
  expiry: { type: 'string' },
  pin: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  card: { type: 'string' },
  amount: { type: 'string' },
  currency: { type: 'string' },
  'merchant-name': { type: 'string' },
  time: { type: 'string' },
  expires: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type Option = keyof typeof OPTIONS;

function onOff(v: string | undefined, field: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'off') return v === 'on';
  throw new ApiError(1004, field);
}

/** `--status enabled|disabled` of an API key. */
function keyEnabled(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'enabled' || v === 'disabled') return v === 'enabled';
  throw new ApiError(1004, 'status');
}

/** `--ip any`: no allow-list; otherwise the CIDRs given (key:create without --ip keeps its merchant's). */
const ipAllowOf = (v: string[] | undefined) => (v?.length === 1 && v[0] === 'any' ? [] : v);

function merchantIdOf(v: string): string {
  if (!MERCHANT_ID.test(v)) throw new ApiError(1004, 'merchant');
  return v;
}

function required(v: string | undefined, field: string): string {
  if (!v) throw new ApiError(1004, field);
  return v;
}

const modesOf = (v: Values) => v.modes?.split(',').map((m) => m.trim()) as DisplayMode[] | undefined;

interface Command {
  /** the options it reads besides --json and --help; any other is refused, not ignored */
  options: readonly Option[];
  /** whether it takes an ID after its name */
  takesId: boolean;
  /** it may start a deployment, so create the SQLite store (admin/open-stores.ts) */
  createsStore?: true;
  /** an update: without one of its options it would change nothing, yet print and audit a change */
  changes?: true;
  run(id: string | undefined, v: Values, stores: DurableStores): Promise<unknown>;
  /** said on stderr after the result, which it qualifies */
  note?(v: Values, now: number): string | undefined;
}

const COMMANDS: Record<string, Command> = {
  'merchant:create': {
    options: ['name', 'origin', 'modes', 'pci-display', 'ip'],
    takesId: false,
    createsStore: true,
    run: (_id, v, stores) =>
      createMerchant(stores, {
        name: required(v.name, 'name'),
        origins: v.origin ?? [],
        modes: modesOf(v),
        pciDisplay: onOff(v['pci-display'], 'pci_display'),
        ipAllow: v.ip,
      }),
  },
  'merchant:update': {
    options: ['pci-display', 'status', 'origin', 'modes'],
    takesId: true,
    changes: true,
    run: (id, v, stores) =>
      updateMerchant(stores, required(id, 'merchant_id'), {
        pciDisplay: onOff(v['pci-display'], 'pci_display'),
        status: v.status as MerchantStatus | undefined,
        origins: v.origin,
        modes: modesOf(v),
      }),
  },
  'key:create': {
    options: ['merchant', 'ip'],
    takesId: false,
    run: (_id, v, stores) => createApiKey(stores, required(v.merchant, 'merchant'), ipAllowOf(v.ip)),
  },
  'key:update': {
    options: ['status', 'expires', 'ip'],
    takesId: true,
    changes: true,
    run: (id, v, stores) =>
      updateApiKey(stores, required(id, 'api_key'), {
        enabled: keyEnabled(v.status),
        expiresAt: v.expires === undefined ? undefined : v.expires === 'never' ? null : parseInstant(v.expires, 'expires'),
        ipAllow: ipAllowOf(v.ip),
      }),
  },
  'card:create': {
    options: ['merchant', 'type', 'pan', 'cvv', 'expiry', 'pin', 'status'],
    takesId: false,
    run: (_id, v, stores) =>
      createCard(stores, {
        merchantId: required(v.merchant, 'merchant'),
        type: required(v.type, 'type') as CardType,
        pan: required(v.pan, 'pan'),
        cvv: required(v.cvv, 'cvv'),
        expiry: required(v.expiry, 'expiry'),
        pin: v.pin,
        status: v.status as CardStatus | undefined,
      }),
  },
  'card:status': {
    options: ['status'],
    takesId: true,
    run: (id, v, stores) => setCardStatus(stores, required(id, 'card_id'), required(v.status, 'status') as CardStatus),
  },
  'txn:create': {
    options: ['card', 'amount', 'currency', 'merchant-name', 'status', 'time'],
    takesId: false,
    run: (_id, v, stores) =>
      createTransaction(stores, {
        cardId: required(v.card, 'card'),
        amount: required(v.amount, 'amount'),
        currency: required(v.currency, 'currency'),
        merchantName: required(v['merchant-name'], 'merchant_name'),
        status: required(v.status, 'status'),
        time: required(v.time, 'time'),
      }),
  },
  audit: {
    options: ['merchant', 'since', 'until'],
    takesId: false,
    run: (_id, v, stores) =>
      readAudit(
        stores,
        // given, it must be a merchant id: an empty --merchant ("$MID" unset) is not "every
        // merchant", and what is typed here is written to the log (audit-admin.ts)
        v.merchant === undefined ? undefined : merchantIdOf(v.merchant),
        ...auditWindow(v.since, v.until),
      ),
    note: (v, now) => unsettledAuditNote(auditWindow(v.since, v.until)[1], now),
  },
  seed: { options: [], takesId: false, createsStore: true, run: (_id, _v, stores) => seedDemo(stores) },
};

/**
 * What the user typed is repeated only when it reads as a name (letters, ':' and '-'): a
 * stray argument or a mistyped option may be card data (`--pan 4000 0566 …` leaves three
 * groups behind), and stderr ends up in logs.
 */
const NAME = /^-{0,2}[A-Za-z][A-Za-z:-]*$/;

/**
 * Why the arguments do not make a command, before any store is opened; undefined when they
 * do. `given`: the options in the order typed, one entry per use.
 */
function misuse(command: string, positionals: string[], v: Values, given: string[]): string | undefined {
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) return NAME.test(command) ? `Unknown command: ${command}` : 'Unknown command (not repeated: it is not a name)';
  const foreign = Object.keys(v).filter((o) => o !== 'json' && o !== 'help' && !spec.options.includes(o as Option));
  if (foreign.length) return `${command} does not take ${foreign.map((o) => `--${o}`).join(', ')}`;
  // parseArgs keeps the last of a repeated single-valued option: `--status frozen --status
  // active` would leave a merchant open that the operator meant to freeze
  const once = given.filter(
    (o, i) => given.indexOf(o) !== i && OPTIONS[o as Option].type === 'string' && !('multiple' in OPTIONS[o as Option]),
  );
  if (once.length)
    return `${[...new Set(once)].map((o) => `--${o}`).join(', ')} given more than once: which value is meant is not guessed`;
  if (spec.changes && !given.some((o) => spec.options.includes(o as Option)))
    return `${command} changes nothing without one of ${spec.options.map((o) => `--${o}`).join(', ')}`;
  // "$MID" unset leaves an empty ID, or none: said here, not after waiting on the store
  if (spec.takesId && !positionals[0]) return `${command} needs an ID right after its name`;
  const stray = positionals.length - (spec.takesId ? 1 : 0);
  if (stray > 0) {
    const what = stray === 1 ? 'argument' : 'arguments';
    return `${command} was given ${stray} unexpected ${what} (not repeated here; quote a value that holds spaces)`;
  }
  return undefined;
}

/** parseArgs' own message quotes the option as typed: ours names it only when it reads as a name. */
function parseFailure(e: Error & { code?: string }): string {
  const typed = /'(-[^'\s]*)/.exec(e.message)?.[1] ?? '';
  const option = NAME.test(typed) ? typed : undefined;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return option ? `Unknown option: ${option}` : 'Unknown option (not repeated: it is not a name)';
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `Wrong use of ${option ?? 'an option'}: a value missing, or one it does not take`;
  }
  return 'Invalid arguments';
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    process.stderr.write(`${parseFailure(e as Error)}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const v = parsed.values;
  if (v.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || v.help ? 0 : 2;
  }
  // Checked before the store is opened: a typo neither waits on an unreachable store nor
  // creates a SQLite file, and an option the command would ignore is not taken as done.
  const given = parsed.tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const wrong = misuse(command, rest, v, given);
  if (wrong) {
    process.stderr.write(`${wrong}\n\n${USAGE}\n`);
    return 2;
  }
  let stores: DurableStores | undefined;
  /** the command did its work; only its audit entry failed */
  let done = false;
  try {
    const spec = COMMANDS[command]!;
    stores = await openConfiguredStores({ mayCreate: spec.createsStore === true });
    const result = await spec.run(rest[0], v, stores);
    // printed first: a secret made once (merchant:create) must not be lost with the audit write
    process.stdout.write(v.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
    // stderr under --json holds JSON only: the note as {"note"}, a line of its own
    const note = spec.note?.(v, Date.now());
    if (note) process.stderr.write(`${v.json ? JSON.stringify({ note }) : note}\n`);
    done = true;
    const options = given.filter((o) => o !== 'json' && o !== 'help');
    await auditAdminCommand(stores, { command, id: rest[0], merchant: v.merchant, card: v.card, options, result });
    return 0;
  } catch (e) {
    // Whatever failed, --json prints {code, msg}: a store or configuration failure as 1001,
    // with a reason saying what the code alone does not.
    const body =
      e instanceof ApiError
        ? {
            code: e.code,
            msg: errorMessage(e.code, 'en_US', e.field),
            ...(e instanceof AdminRefusal ? { reason: e.reason } : {}),
          }
        : {
            code: 1001,
            msg: errorMessage(1001, 'en_US'),
            reason: done
              ? `Done, but not written to the audit log: ${(e as Error).message}`
              : e instanceof ConfigError
                ? e.message
                : `Failed: ${(e as Error).message}`,
          };
    const text = `Error ${body.code}: ${body.msg}${body.reason ? ` (${body.reason})` : ''}`;
    process.stderr.write(`${v.json ? JSON.stringify(body) : text}\n`);
    return 1;
  } finally {
    // what was done is done: a store that fails to close is said, not thrown as a stack trace
    await stores?.close().catch((e: Error) => process.stderr.write(`The store did not close cleanly: ${e.message}\n`));
  }
}

process.exitCode = await main();
