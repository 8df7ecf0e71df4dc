/**
 * Minor units of a currency: the power of ten between the integer amount the server stores
 * and the amount a person reads (1234 USD is 12.34, 1234 JPY is 1,234, 1234 BHD is 1.234).
 *
 * A fixed table, not the JavaScript engine's Intl data: Intl follows CLDR, whose digits
 * differ from ISO 4217 for some codes and from one engine release to the next (Node 20's
 * ICU 78 gives HUF, IDR, COP, PKR and IQD no decimals; older Chromium and Safari give HUF
 * and IDR two).
 * An amount stored by one engine and formatted by another would then be 100× or 1000× off.
 * The server's parsing and the frame's formatting both read this table, so they cannot
 * disagree, whatever engine runs either.
 *
 * Source: ISO 4217 List One (current currency & funds codes), as published by the
 * maintenance agency (SIX) with data as at 1 January 2026. Only exponents other than 2 are
 * listed; every other code has 2.
 */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  (
    [
      [0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'],
      [3, 'BHD IQD JOD KWD LYD OMR TND'],
      [4, 'CLF UYW'],
    ] as const
  ).flatMap(([digits, codes]) => codes.split(' ').map((code) => [code, digits] as const)),
);

/**
 * Codes whose minor unit List One gives as "N.A.": precious metals, the SDR, bond-market
 * units, the Sucre, the ADB unit, the testing code and "no currency". No card is charged
 * in them, and an integer amount in their "minor units" would mean nothing.
 */
const NO_MINOR_UNIT: ReadonlySet<string> = new Set('XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '));

/** Decimal digits of an (upper-case) ISO 4217 code: 0 for JPY, 3 for KWD, 2 unless listed. */
export function currencyDigits(currency: string): number {
  return MINOR_UNITS.get(currency) ?? 2;
}

/** False for the codes ISO 4217 gives no minor unit (gold, SDR, XXX…): not card money. */
export function hasMinorUnit(currency: string): boolean {
  return !NO_MINOR_UNIT.has(currency);
}
