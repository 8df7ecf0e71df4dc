import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';

/**
 * Puts `page`'s loads of `pages` (a URL pattern on the limited server) behind an address of
 * their own whose budget of page loads (300 a minute, `/embed` and `/hosted` together) others
 * have used up: a carrier's NAT, say. The limited server trusts X-Forwarded-For from loopback
 * (limited-server.ts), so the address is the header's.
 */
export async function behindSpentAddress(page: Page, limitedOrigin: string, pages: string): Promise<void> {
  const client = `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${limitedOrigin}/hosted`, { headers: { 'X-Forwarded-For': client } });
    if (res.status === 429) break;
  }
  await page.route(pages, (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': client } }));
}
