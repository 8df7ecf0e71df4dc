import { parseArgs } from 'node:util';
import { errorMessage } from '../../shared/error-codes.js';
import { ApiError } from '../errors.js';
import { ConfigError } from '../config.js';
import type { CardStatus, MerchantStatus, Stores } from '../stores/types.js';
import type { CardType, DisplayMode } from '../../shared/fields.js';
import { createCard, createMerchant, createTransaction, readAudit, setCardStatus, updateMerchant } from './commands.js';
import { openConfiguredStores } from './open-stores.js';
import { seedDemo } from './seed.js';

const USAGE = `Cardveil admin

  merchant:create --name N --origin O [--origin O2] [--modes embed,hosted] [--pci-display on|off] [--ip CIDR] [--json]
  merchant:update ID [--pci-display on|off] [--status active|frozen] [--origin O ...] [--modes ...] [--json]
  card:create --merchant ID --type virtual|physical --pan P --cvv C --expiry MM/YY [--pin NNNNNN] [--status active|frozen|cancelled] [--json]
  card:status ID --status active|frozen|cancelled [--json]
  txn:create --card ID --amount 12.34 --currency USD --merchant-name N
             --status pending|completed|declined|refunded --time ISO-8601 [--json]
                         a transaction for the display's transactions panel; the amount has the
                         currency's precision (JPY 1200, USD 12.34) and prints back in minor units
  audit [--merchant ID] [--since ISO-8601] [--json]
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
  card: { type: 'string' },
  amount: { type: 'string' },
  currency: { type: 'string' },
  'merchant-name': { type: 'string' },
  time: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function onOff(v: string | undefined, field: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'off') return v === 'on';
  throw new ApiError(1004, field);
}

function required(v: string | undefined, field: string): string {
  if (!v) throw new ApiError(1004, field);
  return v;
}

async function run(command: string | undefined, id: string | undefined, v: Values, stores: Stores): Promise<unknown> {
  const modes = v.modes?.split(',').map((m) => m.trim()) as DisplayMode[] | undefined;
  switch (command) {
    case 'merchant:create':
      return createMerchant(stores, {
        name: required(v.name, 'name'),
        origins: v.origin ?? [],
        modes,
        pciDisplay: onOff(v['pci-display'], 'pci_display'),
        ipAllow: v.ip,
      });
    case 'merchant:update':
      return updateMerchant(stores, required(id, 'merchant_id'), {
        pciDisplay: onOff(v['pci-display'], 'pci_display'),
        status: v.status as MerchantStatus | undefined,
        origins: v.origin,
        modes,
      });
    case 'card:create':
      return createCard(stores, {
        merchantId: required(v.merchant, 'merchant'),
        type: required(v.type, 'type') as CardType,
        pan: required(v.pan, 'pan'),
        cvv: required(v.cvv, 'cvv'),
        expiry: required(v.expiry, 'expiry'),
        pin: v.pin,
        status: v.status as CardStatus | undefined,
      });
    case 'card:status':
      return setCardStatus(stores, required(id, 'card_id'), required(v.status, 'status') as CardStatus);
    case 'txn:create':
      return createTransaction(stores, {
        cardId: required(v.card, 'card'),
        amount: required(v.amount, 'amount'),
        currency: required(v.currency, 'currency'),
        merchantName: required(v['merchant-name'], 'merchant_name'),
        status: required(v.status, 'status'),
        time: required(v.time, 'time'),
      });
    case 'audit': {
      const since = v.since === undefined ? undefined : Date.parse(v.since);
      if (since !== undefined && Number.isNaN(since)) throw new ApiError(1004, 'since');
      return readAudit(stores, v.merchant, since);
    }
    case 'seed':
      return seedDemo(stores);
    default:
      return undefined;
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, id] = parsed.positionals;
  const v = parsed.values;
  if (v.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || v.help ? 0 : 2;
  }
  let stores: Stores | undefined;
  try {
    stores = await openConfiguredStores();
    const result = await run(command, id, v, stores);
    if (result === undefined) {
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}\n`);
      return 2;
    }
    process.stdout.write(v.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ApiError) {
      const body = { code: e.code, msg: errorMessage(e.code, 'en_US', e.field) };
      process.stderr.write(`${v.json ? JSON.stringify(body) : `Error ${body.code}: ${body.msg}`}\n`);
      return 1;
    }
    process.stderr.write(`${e instanceof ConfigError ? e.message : `Failed: ${(e as Error).message}`}\n`);
    return 1;
  } finally {
    await stores?.close();
  }
}

process.exitCode = await main();
