// What the machine was doing while bench:ui scrolled, in cores, from /proc: CPU used by other processes (not this
// benchmark's), by the benchmark's browser (Chromium: renderer, GPU/compositor, browser processes) and by the rest
// of the benchmark's own tree (this process and the host). The bench machines are shared; a frame over 50 ms
// while another process used a whole core is not the same finding as one on a quiet machine. Linux only.
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  ppid: number;
  ticks: number;
  browser: boolean;
}
interface Snapshot {
  at: number;
  procs: Map<number, Proc>;
  /** /proc/pressure/cpu "some" total: µs in which at least one runnable task waited for a CPU. */
  stalled?: number;
}

function cpuStalled(): number | undefined {
  try {
    const m = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function snapshot(): Snapshot | null {
  const procs = new Map<number, Proc>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the fields after it start past the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), browser: /chrom/i.test(comm) });
    } catch {
      /* the process ended meanwhile */
    }
  }
  return { at: performance.now(), procs, stalled: cpuStalled() };
}

export interface Load {
  /** Processes outside this benchmark. */
  others: number;
  /** The benchmark's Chromium. */
  browser: number;
  /** This process and the host. */
  bench: number;
  /** Share of the time some runnable task (anyone's) waited for a CPU (Linux pressure stall information). */
  stalled?: number;
}

/** Starts measuring; the returned function gives the CPU (in cores) used since, by whom. */
export function cpuLoad(): () => Load | undefined {
  const a = snapshot();
  return () => {
    const b = snapshot();
    if (!a || !b) return undefined;
    // Ours: this process and everything below it, as of the end.
    const ours = new Set<number>([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, p] of b.procs) {
        if (ours.has(pid) || !ours.has(p.ppid)) continue;
        ours.add(pid);
        grew = true;
      }
    }
    const seconds = (b.at - a.at) / 1000;
    if (seconds <= 0) return undefined;
    const load: Load = { others: 0, browser: 0, bench: 0 };
    if (a.stalled !== undefined && b.stalled !== undefined) load.stalled = (b.stalled - a.stalled) / 1000 / (b.at - a.at);
    for (const [pid, p] of b.procs) {
      const used = (p.ticks - (a.procs.get(pid)?.ticks ?? 0)) / 100 / seconds; // USER_HZ is 100 on Linux
      if (!ours.has(pid)) load.others += used;
      else if (p.browser) load.browser += used;
      else load.bench += used;
    }
    return load;
  };
}

export function loadText(l: Load | undefined): string {
  if (!l) return '';
  const stalled = l.stalled === undefined ? '' : `; CPU wait ${(l.stalled * 100).toFixed(0)} % of the time`;
  return `CPU: other processes ${l.others.toFixed(2)}, Chromium ${l.browser.toFixed(2)}, host ${l.bench.toFixed(2)} cores${stalled}`;
}
