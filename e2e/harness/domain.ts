// The app's domain, loaded into a Playwright worker so that specs arrange data as the app makes it
// (./domain-arrange.ts), on the e2e database the server under test uses.
//
// Two things stand between a Playwright worker and lib/: the domain modules import "server-only",
// whose default export throws outside React Server Components (the app's scripts run under
// `--conditions=react-server`; a worker cannot), and env() wants the server's settings. So the
// worker resolves "server-only" as a server would (a module resolution hook, registered before
// the domain is imported: hence the dynamic import) and reads the server's settings once (env()
// keeps what it read), without leaving them in process.env, where they would reach the servers a
// spec starts itself (a second instance, the chaos run).
import { register } from "node:module";
import type * as DomainArrange from "./domain-arrange";

const SERVER_ONLY_AS_ON_THE_SERVER = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  return next(specifier, context);
}`;

let loading: Promise<typeof DomainArrange> | undefined;

/** The arrange functions (loaded once per worker, on first use). */
export function domain(): Promise<typeof DomainArrange> {
  return (loading ??= load());
}

async function load(): Promise<typeof DomainArrange> {
  const appEnv = process.env.E2E_APP_ENV;
  if (!appEnv) throw new Error("e2e/harness/domain.ts: E2E_APP_ENV is not set (the Playwright global setup sets it)");
  register(`data:text/javascript,${encodeURIComponent(SERVER_ONLY_AS_ON_THE_SERVER)}`, import.meta.url);
  const saved = { ...process.env };
  // The server's settings: its database, secrets, Stripe emulator.
  Object.assign(process.env, JSON.parse(appEnv) as Record<string, string>, { APP_URL: process.env.E2E_BASE_URL });
  try {
    const arrange = await import("./domain-arrange");
    arrange.readSettings();
    return arrange;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
