// The launcher's process manager: it owns every child process and service it started (PostgreSQL,
// the app server, the Stripe emulator) and the termination signals. Children run in their own
// process groups, so a Ctrl-C in the terminal reaches the launcher alone, and the launcher decides
// the order: the app drains first, the database it needs stops last.
//
// First SIGTERM/SIGINT: stop everything in reverse order of start (each with its own timeout),
// exit 0. Second signal: kill everything at once, exit 1. A child that exits by itself (a crash)
// stops the rest, and the launcher exits with its code.
//
// The app server is one service even when it runs one process per core: scripts/serve.mjs's
// primary (node:cluster) owns its server processes and passes a stop on to them.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export type Service = {
  name: string;
  /** Graceful stop; resolves when stopped. */
  stop(): Promise<void>;
  /** Immediate stop (second signal). */
  kill?(): void;
};

type Log = (line: string) => void;

export class ProcessManager {
  private services: Service[] = [];
  private stopping: Promise<never> | undefined;
  private signals = 0;

  constructor(private readonly log: Log) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => this.onSignal(signal));
  }

  add(service: Service): void {
    this.services.push(service);
  }

  /**
   * Spawns a child in its own process group. `stopSignal` goes to the whole group on stop; after
   * `stopTimeoutMs` the group is killed. The child's own exit stops everything else.
   */
  spawnChild(name: string, command: string, args: string[], options: SpawnOptions & { stopTimeoutMs: number; stopSignal?: NodeJS.Signals }): ChildProcess {
    const child = spawn(command, args, { ...options, detached: true });
    const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    this.add({
      name,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup(options.stopSignal ?? "SIGTERM");
        const timer = setTimeout(() => {
          this.log(`${name} did not stop within ${options.stopTimeoutMs / 1000} s: killing it`);
          signalGroup("SIGKILL");
        }, options.stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      },
      kill: () => signalGroup("SIGKILL"),
    });
    void exited.then((code) => {
      if (!this.stopping) {
        this.log(`${name} exited (code ${code}): stopping`);
        void this.stopAll(code === 0 ? 1 : code);
      }
    });
    return child;
  }

  private onSignal(signal: NodeJS.Signals) {
    this.signals++;
    if (this.signals === 1) {
      this.log(`${signal}: stopping (again to stop at once)`);
      void this.stopAll(0);
      return;
    }
    this.log(`${signal} again: stopping at once`);
    for (const service of [...this.services].reverse()) service.kill?.();
    process.exit(1);
  }

  /** Stops every service in reverse order of start, then exits with `code`. */
  stopAll(code: number): Promise<never> {
    return (this.stopping ??= (async () => {
      const started = Date.now();
      for (const service of [...this.services].reverse()) {
        await service.stop().catch((error: unknown) => this.log(`stopping ${service.name} failed: ${error instanceof Error ? error.message : String(error)}`));
      }
      this.log(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(code);
    })());
  }
}
