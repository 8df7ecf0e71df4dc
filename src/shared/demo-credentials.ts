import type { CardType } from './fields.js';

/**
 * The file the demo seed writes (data/demo-credentials.json, owner-readable) and the
 * demo merchant's backend reads: what a real merchant keeps in its secret store.
 */
export interface DemoCredentials {
  merchant_id: string;
  api_key: string;
  api_secret: string;
  cards: { card_id: string; label: string; type: CardType; last4: string }[];
}
