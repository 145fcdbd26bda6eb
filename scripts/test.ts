// `npm test`: type-check, lint, unit and integration tests (Vitest, real PostgreSQL), then the
// production build and the end-to-end tests (Playwright, Chromium). Prints the wall time of each
// stage so that every change sees what it adds. `npm test -- e2e` runs only build + e2e,
// `npm test -- ops` only build + the production-operations tests (ops-tests/).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../lib/env";
import { projectRoot } from "./lib/prisma-cli";

type Stage = { name: string; command: string[]; counts?: () => { passed: number; failed: number; skipped: number } | undefined };

const results = path.join(projectRoot, "test-results");
const vitestJson = path.join(results, "vitest.json");
const playwrightJson = path.join(results, "playwright.json");
const opsJson = path.join(results, "ops.json");
const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

const STAGES: Stage[] = [
  { name: "typecheck", command: [bin("tsc"), "--noEmit"] },
  { name: "lint", command: [bin("eslint"), "--max-warnings=0", "."] },
  {
    name: "unit+integration",
    command: [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
    counts: () => {
      if (!fs.existsSync(vitestJson)) return undefined;
      const report = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
      return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
    },
  },
  { name: "build", command: [bin("next"), "build"] },
  {
    name: "e2e",
    command: [bin("playwright"), "test"],
    counts: () => {
      if (!fs.existsSync(playwrightJson)) return undefined;
      const { stats } = JSON.parse(fs.readFileSync(playwrightJson, "utf8"));
      return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
    },
  },
  {
    // Production operations with processes (ops-tests/): the standalone build twice behind a proxy
    // on PgBouncer, rolling restarts and `npm start` signals under load.
    name: "ops",
    command: [bin("playwright"), "test", "--config", "ops-tests/playwright.config.ts"],
    counts: () => {
      if (!fs.existsSync(opsJson)) return undefined;
      const { stats } = JSON.parse(fs.readFileSync(opsJson, "utf8"));
      return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
    },
  },
];

function run(stage: Stage): Promise<number> {
  return new Promise((resolve) => {
    const [command, ...args] = stage.command;
    const child = spawn(command!, args, {
      cwd: projectRoot,
      stdio: "inherit",
      env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson, FORCE_COLOR: "1" }),
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const only = process.argv[2];
  const stages =
    only === "e2e" ? STAGES.filter((s) => s.name === "build" || s.name === "e2e") : only === "ops" ? STAGES.filter((s) => s.name === "build" || s.name === "ops") : STAGES;
  fs.rmSync(vitestJson, { force: true });
  fs.rmSync(playwrightJson, { force: true });
  fs.rmSync(opsJson, { force: true });
  const timings: { name: string; ms: number; ok: boolean }[] = [];
  const started = Date.now();
  let failed: string | undefined;
  for (const stage of stages) {
    console.log(`\n\x1b[1m▶ ${stage.name}\x1b[0m  ${stage.command.map((c) => path.basename(c)).join(" ")}`);
    const t0 = Date.now();
    const code = await run(stage);
    timings.push({ name: stage.name, ms: Date.now() - t0, ok: code === 0 });
    if (code !== 0) {
      failed = stage.name;
      break;
    }
  }

  console.log("\n\x1b[1mStage timings\x1b[0m");
  for (const t of timings) console.log(`  ${t.ok ? "✓" : "✗"} ${t.name.padEnd(18)} ${seconds(t.ms).padStart(8)}`);
  console.log(`  ${"total".padEnd(20)} ${seconds(Date.now() - started).padStart(8)}`);

  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  for (const stage of stages) {
    const counts = stage.counts?.();
    if (!counts) continue;
    passed += counts.passed;
    failedTests += counts.failed;
    skipped += counts.skipped;
  }
  if (failed) console.log(`\nFailed at stage: ${failed}`);
  console.log(`\ntests: ${passed} passed, ${failedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed || failedTests ? 1 : 0);
}

void main();
