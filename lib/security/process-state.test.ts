// Two instances behind one database must agree: nothing may keep, in process memory, state that
// another instance would contradict (a cache of customers, a counter that decides alone, a lock).
// This scans the app's source for module-level mutable state; each occurrence must be listed here
// with the reason it is safe. A new one fails the test until someone has thought about it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

const ALLOWED: Record<string, string> = {
  "lib/env.ts: let cached": "the parsed configuration: the same on every instance started with the same environment",
  "lib/auth/auth-options.ts: let cached": "next-auth's options, built from the configuration alone",
  "lib/auth/send-mail.ts: globalThis": "the SMTP transport (a connection pool), no data",
  "lib/db.ts: globalThis": "the PostgreSQL pool: the one shared state is the database itself",
  "lib/db.ts: let client": "the Prisma client over that pool, no data",
  "lib/billing/stripe-client.ts: new Map": "Stripe SDK clients by key, no data",
  "lib/plans/apply-due-changes.ts: new Map": "joins this instance's concurrent runs for one customer; row locks decide across instances",
  "lib/maintenance/start-maintenance.ts: globalThis": "the housekeeping timer; what it deletes is decided in the database",
  "lib/outbox/start-worker.ts: globalThis": "the worker's timer; jobs are claimed in the database with FOR UPDATE SKIP LOCKED",
  "lib/outbox/job-handlers.ts: globalThis": "the outbox job handlers by kind, registered from the code at start-up (lib/composition/wire-areas.ts), no data",
  "lib/customers/stripe-link-port.ts: globalThis": "billing's answers to the customers area's Stripe questions, registered from the code at start-up, no data",
  "lib/rate-limit/client-address.ts: globalThis": "reads the flag scripts/serve.mjs sets (it stamps each request's socket address), no data",
  "lib/rate-limit/shared-counters.ts: globalThis": "hits not yet added to the shared counters (flushed every 250 ms); the decision uses the shared total",
  "app/v1/openapi.json/route.ts: let document": "the OpenAPI document, built from the code",
  "lib/db-rows.ts: new Map": "prepared statement names by statement text, derived from the code",
  "lib/events/aggregate-usage.ts: new Map": "the text of a usage window's bin starts, derived from the window alone, no data",
  "lib/events/aggregate-usage.ts: let chartText": "the usage chart statement's text and prepared name, derived from the code alone, no data",
  "lib/events/usage-window.ts: new Map": "preset usage windows by range, bin and hour: derived from the clock alone, the same on every instance, no data",
  "lib/ops/lifecycle.ts: globalThis": "this process's own shutdown state (draining, its grace period, its stop hooks): about the process, not the data",
  "lib/ops/schema-status.ts: let expected": "the migration names this build ships, read once from its own files",
  "lib/random-pool.ts: let next": "the read position in a buffer of random bytes, no data",
};

const PATTERNS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^(?:export )?let (\w+)/gm, (m) => `let ${m[1]}`],
  [/^(?:export )?const \w+(?:\s*:[^=\n]+)?\s*=\s*new (Map|WeakMap|Set|WeakSet)\(\s*\)/gm, (m) => `new ${m[1]}`],
  [/^(?:export )?const \w+(?:\s*:[^=\n]+)?\s*=\s*new (Map|WeakMap)\b/gm, (m) => `new ${m[1]}`],
  [/globalThis as /g, () => "globalThis"],
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules"].includes(entry.name) ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("no instance-local state", () => {
  it("keeps nothing in process memory that a second instance would contradict", () => {
    const found = new Set<string>();
    for (const file of [...sources(path.join(root, "lib")), ...sources(path.join(root, "app")), path.join(root, "proxy.ts")]) {
      const source = fs.readFileSync(file, "utf8");
      for (const [pattern, describe] of PATTERNS) {
        for (const match of source.matchAll(pattern)) found.add(`${path.relative(root, file)}: ${describe(match)}`);
      }
    }
    const unexplained = [...found].filter((entry) => !ALLOWED[entry]);
    expect(unexplained, "module-level state: make it shared (the database) or explain it in lib/security/process-state.test.ts").toEqual([]);
  });
});
