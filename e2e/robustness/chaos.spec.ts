// The short form of `npm run chaos` (e2e/robustness/chaos/chaos-run.ts): one PostgreSQL restart in
// the middle of a steady API load, on a server and database of its own (the rest of the suite
// keeps its database).
import { expect, test } from "../fixtures";
import { runChaos } from "./chaos/chaos-run";

test("PostgreSQL restarted under load: clear 503s while it is away, recovery by itself, no write lost or doubled", async () => {
  test.setTimeout(180_000);
  const report = await runChaos({ name: "chaos-short", warmupMs: 3_000, outageMs: 4_000, outages: 1, betweenMs: 5_000, concurrency: 6, maxRecoveryMs: 10_000 });
  test.info().annotations.push({ type: "chaos", description: JSON.stringify({ requests: report.requests, byStatus: report.byStatus, outages: report.outages }) });
  expect(report.problems).toEqual([]);
  expect(report.requests).toBeGreaterThan(50);
  expect(report.byStatus["503"]).toBeGreaterThan(0);
  expect(report.outages[0]!.firstErrorMs).not.toBeNull();
  expect(report.outages[0]!.recoveryMs).not.toBeNull();
});
