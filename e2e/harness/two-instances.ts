// A second production server (`next start` on its own port) against the e2e run's database, with
// the same configuration as the first: two instances of Equinox behind one PostgreSQL, as a
// deployment with two app servers would run. Started on demand by the specs that need it.
import { startAppServer, type AppServer } from "./app-server";

/** The first instance's environment, as global-setup started it (E2E_APP_ENV). */
export function firstInstanceEnv(): Record<string, string> {
  const raw = process.env.E2E_APP_ENV;
  if (!raw) throw new Error("E2E_APP_ENV is not set: run through Playwright (e2e/harness/global-setup.ts)");
  return JSON.parse(raw) as Record<string, string>;
}

/** Starts instance B; its log is test-results/<name>-server.log (scanned for secrets like A's). */
export function startSecondInstance(name = "app-b", overrides: Record<string, string> = {}): Promise<AppServer> {
  return startAppServer({ ...firstInstanceEnv(), ...overrides }, name);
}
