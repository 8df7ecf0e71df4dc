import { spawnSync } from 'node:child_process';

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
