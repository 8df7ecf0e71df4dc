import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * How busy the machine was during a phase, from /proc: the CPU used by the display
 * server, by this bench process (autocannon and the page servers run here), by the
 * bench's other descendants (Chromium), and by everything else. The machine may be
 * shared with other test runs: a figure measured while "others" held a core is not
 * comparable with one measured on a quiet machine.
 */
export interface Sample {
  at: number;
  busy: number;
  procs: { server: number; bench: number; chromium: number };
}

export interface CpuShare {
  /** percent of one core, averaged over the phase (200 = both cores of this machine) */
  corePct: { server: number; bench: number; chromium: number; others: number };
  loadavg1: number;
}

let hzCache: number | undefined;
/** USER_HZ, the unit of /proc/stat and /proc/<pid>/stat (100 on Linux in practice). */
function clockTicks(): number {
  if (hzCache === undefined) {
    try {
      hzCache = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      hzCache = 100;
    }
  }
  return hzCache;
}

/** Busy ticks of all cores (everything but idle and iowait). */
function machineBusy(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((s, v) => s + v, 0);
  return total - (f[3] ?? 0) - (f[4] ?? 0);
}

/**
 * [ppid, CPU ticks] of a process, or undefined when it is gone. The ticks are its own
 * (utime + stime), plus, with `reaped`, those of its children that have exited and been
 * waited for (cutime + cstime): how a Chromium renderer that ends during a phase stays counted.
 */
function procStat(pid: number, reaped = false): [number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after "pid (comm) ": state ppid ... utime stime cutime cstime (fields 4, 14–17 of the whole line)
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]);
    return [Number(f[1]), reaped ? own + Number(f[13]) + Number(f[14]) : own];
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks of every live descendant of `root` (children, grandchildren...), `root` excluded,
 * with what their own exited children used.
 */
function descendantTicks(root: number): number {
  const procs = new Map<number, [number, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name), true);
    if (st) procs.set(Number(name), st);
  }
  const kids = new Map<number, number[]>();
  for (const [pid, [ppid]] of procs) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [...(kids.get(root) ?? [])];
  for (let guard = 0; stack.length > 0 && guard < 100_000; guard++) {
    const pid = stack.pop()!;
    ticks += procs.get(pid)?.[1] ?? 0;
    stack.push(...(kids.get(pid) ?? []));
  }
  return ticks;
}

export function sample(serverPid: number): Sample {
  const busy = machineBusy();
  const server = procStat(serverPid)?.[1] ?? 0;
  const bench = procStat(process.pid)?.[1] ?? 0;
  const chromium = Math.max(0, descendantTicks(process.pid) - server);
  return { at: Date.now(), busy, procs: { server, bench, chromium } };
}

export function share(a: Sample, b: Sample): CpuShare {
  const seconds = (b.at - a.at) / 1000 || 1;
  const pct = (ticks: number) => Math.max(0, Math.round((ticks / clockTicks() / seconds) * 1000) / 10);
  const d = {
    server: b.procs.server - a.procs.server,
    bench: b.procs.bench - a.procs.bench,
    // a Chromium process that exited during the phase takes its ticks with it: never negative
    chromium: Math.max(0, b.procs.chromium - a.procs.chromium),
  };
  return {
    corePct: {
      server: pct(d.server),
      bench: pct(d.bench),
      chromium: pct(d.chromium),
      others: pct(b.busy - a.busy - d.server - d.bench - d.chromium),
    },
    loadavg1: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
}

/** Runs `fn` and reports the CPU shares over its duration next to its result. */
export async function withCpu<T extends object>(serverPid: number, fn: () => Promise<T>): Promise<T & { cpu: CpuShare }> {
  const a = sample(serverPid);
  const out = await fn();
  return { ...out, cpu: share(a, sample(serverPid)) };
}
