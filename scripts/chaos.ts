// `npm run chaos`: the long form of the database-fault test. Starts the production build (run
// `npm run build` first) on its own embedded PostgreSQL, puts it under steady API load, restarts
// PostgreSQL three times in the middle of it, and checks that the app answered clear 503s while
// the database was away, recovered by itself, and lost or doubled no acknowledged write.
// The figures go to the console and to test-results/chaos/chaos-long.json.
//   CHAOS_OUTAGE_MS (default 8000), CHAOS_OUTAGES (3), CHAOS_CONCURRENCY (12) tune it.
import fs from "node:fs";
import path from "node:path";
import { rawEnv } from "../lib/env";
import { runChaos } from "../e2e/robustness/chaos/chaos-run";
import { projectRoot } from "./lib/prisma-cli";

async function main() {
  if (!fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
    console.error("No production build found: run `npm run build` first (the chaos test runs `next start`).");
    process.exit(1);
  }
  const report = await runChaos({
    name: "chaos-long",
    warmupMs: 5_000,
    outageMs: Number(rawEnv("CHAOS_OUTAGE_MS") ?? 8_000),
    outages: Number(rawEnv("CHAOS_OUTAGES") ?? 3),
    betweenMs: 10_000,
    concurrency: Number(rawEnv("CHAOS_CONCURRENCY") ?? 12),
    maxRecoveryMs: 10_000,
  });
  if (report.problems.length) {
    console.error(`\n✗ ${report.problems.length} problem(s):\n  ${report.problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`\n✓ every acknowledged write present exactly once (${report.trackKeys} tracks, ${report.createsAcknowledged} creates); ${report.requests} requests served`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
