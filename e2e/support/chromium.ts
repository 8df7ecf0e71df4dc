import { existsSync } from 'node:fs';

/**
 * Debian's Chromium, since Playwright cannot download its own browser here, with the
 * flags this machine needs (no sandbox as root, no GPU, no background networking that
 * the closed network would refuse). Shared by the e2e suite and the bench.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}
