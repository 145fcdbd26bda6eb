import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Offline machines cannot download Playwright's own browser: use the system Chromium when there
// is one, else Playwright's bundled browser (a machine that has it).
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/harness/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/e2e",
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 860 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      // As root Chromium needs --no-sandbox; the rest stop it dialling out on a closed network.
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "e2e", testIgnore: "**/zz-secrets-in-logs.spec.ts" },
    // Last, once every server has written its log: no secret of the run may appear in any of them.
    { name: "secrets-in-logs", testMatch: "**/zz-secrets-in-logs.spec.ts", dependencies: ["e2e"] },
  ],
});
