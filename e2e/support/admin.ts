import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { DISPLAY_ROUTES } from '../../src/shared/api.js';
import { sessionKey } from '../../src/server/crypto/tokens.js';
import { e2eEnv, type E2eState } from './env.js';

/**
 * Runs the admin CLI exactly as DESIGN §8 documents it, from the repository root, and
 * returns its JSON. Used by the e2e setup and the bench alike.
 */
export function admin(env: NodeJS.ProcessEnv, args: string[]): Record<string, string> {
  const root = new URL('../..', import.meta.url);
  const r = spawnSync('npm', ['run', '-s', 'admin', '--', ...args, '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`admin ${args[0]} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}

/** One entry of `admin audit --json`, as far as the tests read it. */
export interface AuditRow {
  action: string;
  outcome: number;
  session_id: string | null;
  field: string | null;
}

/**
 * The sessions of the exchanges the page's frames are answered, in order (a page's
 * `response` event sees its iframes' requests too), as the audit log names them: by their
 * id's hash. Read it after the session is in.
 */
export function sessionKeysOf(page: Page): string[] {
  const ids: string[] = [];
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname !== DISPLAY_ROUTES.sessions) return;
    const id = ((await response.json().catch(() => null)) as { data?: { session_id?: string } } | null)?.data?.session_id;
    if (id) ids.push(sessionKey(id));
  });
  return ids;
}

/** One session's reveals and hides in the server's audit log (by its sessionKey), as `reveal pan`, sorted (separate requests promise no order). */
export function auditedRevealsAndHides(state: E2eState, session: string | undefined): string[] {
  return (admin(e2eEnv(state.dataDir), ['audit', '--merchant', state.merchant.merchant_id]) as unknown as AuditRow[])
    .filter((e) => e.session_id === session && (e.action === 'reveal' || e.action === 'hide'))
    .map((e) => `${e.action} ${e.field}`)
    .sort();
}
