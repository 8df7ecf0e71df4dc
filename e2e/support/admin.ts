import { spawnSync } from 'node:child_process';

/** Runs the admin CLI exactly as DESIGN §8 documents it and returns its JSON. */
export function admin(env: NodeJS.ProcessEnv, args: string[]): Record<string, string> {
  const r = spawnSync('npm', ['run', '-s', 'admin', '--', ...args, '--json'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`admin ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}
