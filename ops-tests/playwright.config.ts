// `npm test`'s "ops" stage (after the build and the e2e stage): production operations proven with
// processes, as compose.yaml runs them with containers. The standalone build twice behind a small
// proxy, on one PostgreSQL through PgBouncer in transaction mode; rolling restarts under load; the
// launcher (`npm start`) stopped by SIGTERM and killed by SIGKILL under load. One worker: the specs
// measure, and the machine has two cores.
import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  globalSetup: "./harness/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "../test-results/ops.json" }]],
  outputDir: "../test-results/ops-artifacts",
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
