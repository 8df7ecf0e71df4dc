import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs one of the run's servers (a TypeScript entry, through tsx), its output appended to the log `out`. */
export function startServer(script: string, env: NodeJS.ProcessEnv, out: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', out, out] });
}

/** How long a server gets to stop after SIGTERM (the display server closes its stores). */
export const STOP_TIMEOUT_MS = 15_000;

/** Whether the process still runs: it exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; a zombie has exited
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Sends SIGTERM, waits for each process to end, SIGKILLs what has not by the deadline; returns those. */
export async function stopProcesses(pids: number[]): Promise<number[]> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  let left = pids.filter(running);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(running);
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
  return left;
}
