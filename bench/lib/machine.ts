// The machine and how busy it was: the figures mean little without the load they were taken
// under. While the benchmark runs it samples the load average, and at the end it compares the
// CPU time the whole machine spent with what this run's own processes (the benchmark, Equinox,
// the floor, PostgreSQL, Chromium) spent: the rest was other work competing for the cores.
import fs from "node:fs";
import os from "node:os";

export type MachineInfo = { cores: number; cpuModel: string; memoryGb: number; os: string };

export function machineInfo(): MachineInfo {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
  };
}

const TICKS_PER_SECOND = 100;

function machineTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU ticks used by a process and its descendants, living or reaped (utime+stime+cutime+cstime). */
function treeTicks(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    } catch {
      // ended meanwhile
    }
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of stats) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks;
}

export type LoadSituation = {
  loadAverage: { min: number; mean: number; max: number; samples: number };
  seconds: number;
  /** Share of the machine's CPU capacity used by this run's processes / by everything else. */
  ownCpuShare: number;
  otherCpuShare: number;
  /** Other processes that used the most CPU during the run (command, seconds). */
  busiestOthers: { command: string; cpuSeconds: number }[];
};

function otherProcesses(root: number): Map<number, { command: string; ticks: number }> {
  const result = new Map<number, { command: string; ticks: number }>();
  const parents = new Map<number, number>();
  const raw = new Map<number, { command: string; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      raw.set(Number(entry), { command, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // ended
    }
  }
  const ours = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  for (const [pid, info] of raw) if (!ours.has(pid)) result.set(pid, info);
  return result;
}

/** Starts watching; `stop()` returns the load situation over the watched time. */
export function watchLoad(): { stop(): LoadSituation } {
  const started = Date.now();
  const machineStart = machineTicks();
  const ownStart = treeTicks(process.pid);
  const othersStart = otherProcesses(process.pid);
  const samples: number[] = [os.loadavg()[0]!];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 5_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]!);
      const machine = machineTicks();
      const capacity = machine.total - machineStart.total;
      const busy = machine.busy - machineStart.busy;
      const own = treeTicks(process.pid) - ownStart;
      const others = [...otherProcesses(process.pid)]
        .map(([pid, info]) => ({ command: info.command, ticks: info.ticks - (othersStart.get(pid)?.ticks ?? 0) }))
        .filter((p) => p.ticks > 0);
      const byCommand = new Map<string, number>();
      for (const p of others) byCommand.set(p.command, (byCommand.get(p.command) ?? 0) + p.ticks);
      const round2 = (n: number) => Math.round(n * 100) / 100;
      return {
        loadAverage: {
          min: round2(Math.min(...samples)),
          mean: round2(samples.reduce((a, b) => a + b, 0) / samples.length),
          max: round2(Math.max(...samples)),
          samples: samples.length,
        },
        seconds: Math.round((Date.now() - started) / 1000),
        ownCpuShare: round2(Math.min(own, busy) / capacity),
        otherCpuShare: round2(Math.max(0, busy - own) / capacity),
        busiestOthers: [...byCommand]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([command, ticks]) => ({ command, cpuSeconds: Math.round(ticks / TICKS_PER_SECOND) })),
      };
    },
  };
}
