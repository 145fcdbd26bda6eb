// The server process's lifecycle, shared between the HTTP server that owns the process
// (scripts/serve.mjs, plain JavaScript so that the container runs it without a build step) and the
// app's bundled code (readiness, the outbox worker, the database pool). Next.js bundles server code
// in several layers, each with its own copy of this module, so the state lives on globalThis under
// one key that serve.mjs uses too.
//
// On SIGTERM/SIGINT serve.mjs sets `draining` (readiness answers 503), stops accepting connections,
// waits up to `graceMs` for requests in flight, then runs the shutdown hooks in order and exits.

export type ShutdownHook = { name: string; run(): Promise<void> };
export type Lifecycle = { draining: boolean; graceMs: number; hooks: ShutdownHook[] };

const KEY = "__equinoxLifecycle";
const globals = globalThis as typeof globalThis & { [KEY]?: Lifecycle };

export function lifecycle(): Lifecycle {
  return (globals[KEY] ??= { draining: false, graceMs: 10_000, hooks: [] });
}

/** True from the first termination signal on: the load balancer should stop routing here. */
export const isDraining = () => lifecycle().draining;

/** Runs `run` when the process stops, after requests in flight finished (hooks run in registration order). */
export function onShutdown(name: string, run: () => Promise<void>): void {
  const hooks = lifecycle().hooks;
  if (!hooks.some((hook) => hook.name === name)) hooks.push({ name, run });
}
