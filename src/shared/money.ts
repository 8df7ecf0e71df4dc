/**
 * Minor units of a currency (2 for USD, 0 for JPY, 3 for BHD), from the runtime's CLDR
 * data through Intl, so that the server (storing amounts as integers) and the frame
 * (formatting them) agree without a currency table of our own.
 */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
