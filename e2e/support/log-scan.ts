import type { E2eState } from './env.js';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Lines of a log that hold a Luhn-valid 13–19 digit run, a known test CVV or PIN as a
 * whole number, a bearer token, or the merchant's API secret.
 */
export function findSecretsInLog(log: string, state: Pick<E2eState, 'secrets' | 'merchant'>): string[] {
  const hits: string[] = [];
  const exact = [...state.secrets.pins, ...state.secrets.cvvs].map((v) => new RegExp(`(?<![0-9])${v}(?![0-9])`));
  log.split('\n').forEach((line, i) => {
    const tokens = line.match(/\b(?:cat|mat)_[A-Za-z0-9_-]{20,}/g) ?? [];
    // Pino's own numbers (time, pid, response time, request id) are not card data.
    const values = line.replace(/"(time|pid|responseTime)":[0-9.]+|"reqId":"[^"]*"/g, '');
    const pans = (values.match(/(?<![0-9])[0-9]{13,19}(?![0-9])/g) ?? []).filter(luhn);
    const exactHit = exact.some((re) => re.test(values));
    if (pans.length || tokens.length || exactHit || line.includes(state.merchant.api_secret)) {
      hits.push(`line ${i + 1}: ${line.slice(0, 200)}`);
    }
  });
  return hits;
}
