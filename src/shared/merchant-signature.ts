/**
 * Merchant API request signing (DESIGN §4). The signature is lowercase hex
 * HMAC-SHA256, keyed with the API secret, over this string. Both the server (verify)
 * and the demo merchant (sign) build it here, so the two can never drift apart;
 * each side computes the HMAC with its own runtime's crypto.
 */
export const SIGNATURE_HEADERS = {
  apiKey: 'Api-Key',
  timestamp: 'Timestamp',
  nonce: 'Nonce',
  signature: 'Signature',
  accessToken: 'Access-Token',
} as const;

export const MERCHANT_ROUTES = {
  accessToken: '/api/v1/auth/access-token',
  clientAccessTokens: '/api/v1/pci/client-access-tokens',
} as const;

/** `Timestamp \n Nonce \n METHOD \n PATH \n hex(SHA-256(raw body))` */
export function signingString(timestamp: string, nonce: string, method: string, path: string, bodySha256Hex: string): string {
  return [timestamp, nonce, method.toUpperCase(), path, bodySha256Hex].join('\n');
}
