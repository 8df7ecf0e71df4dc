import type { HandshakeStart } from '../bridge/parent-handshake.js';
import type { HostedFragment } from '../bridge/hosted-fragment.js';

/**
 * What a page's early script (boot/early-embed.ts, boot/early-hosted.ts) started or read
 * while the HTML was parsed, left on the page's global for the app to take, once.
 */
export interface EarlySlots {
  /** the key generation; null where the page has no SubtleCrypto */
  keygen: Promise<CryptoKeyPair> | null;
  /** embed: the parent handshake, its verdict kept until the app asks */
  handshake: HandshakeStart;
  /** hosted: the token and locale the fragment carried, already out of the URL */
  fragment: HostedFragment;
}

const slotName = (name: keyof EarlySlots): string => `__cardveil_${name}`;

/** Leaves `value` as an own, non-enumerable property of the global, for takeEarly. */
export function parkEarly<K extends keyof EarlySlots>(name: K, value: EarlySlots[K]): void {
  Object.defineProperty(globalThis, slotName(name), { value, configurable: true, enumerable: false, writable: false });
}

/**
 * The value parked under `name`, removed so that only one taker ever gets it; undefined
 * where no early script ran. Only an own property counts: a value reached through the
 * prototype chain (a polluted Object.prototype) or a named element is not ours.
 */
export function takeEarly<K extends keyof EarlySlots>(name: K): EarlySlots[K] | undefined {
  const key = slotName(name);
  if (!Object.hasOwn(globalThis, key)) return undefined;
  const value = (globalThis as Record<string, unknown>)[key] as EarlySlots[K];
  delete (globalThis as Record<string, unknown>)[key];
  return value;
}
