// Part 4: page weight in Chromium. Each page is loaded in a fresh browser context (cold cache,
// cache disabled) and the Chrome DevTools Protocol reports every response's bytes on the wire
// (compressed, headers included, as DevTools' "transferred"). The time is from the start of the
// navigation to the page's main content being visible (the table rows on the Customers page).
import type { Browser } from "@playwright/test";
import { chromium } from "@playwright/test";
import path from "node:path";
import { composition, type Composition } from "../lib/bundle-composition";
import type { Log } from "../lib/progress";
import type { Server } from "../lib/processes";
import { median, round } from "../lib/stats";

export type PageWeight = {
  id: string;
  label: string;
  path: string;
  ready: string;
  runs: number;
  /** The page's own JavaScript (prefetches of other routes refused). */
  jsKb: number;
  /** JavaScript transferred when Next.js's link prefetching is left on (the page's plus the prefetches'). */
  jsWithPrefetchKb: number;
  requestsWithPrefetch: number;
  cssKb: number;
  documentKb: number;
  otherKb: number;
  totalKb: number;
  requests: number;
  readyMs: number;
  /** Every script the page loaded, largest first. */
  largestScripts: { url: string; kb: number }[];
};

export type PagePartResult = {
  chromium: string;
  pages: PageWeight[];
  /** With --composition: each page's own JavaScript by package, from a source-mapped copy of the build. */
  composition?: Record<string, Composition>;
};

type PageSpec = { id: string; label: string; path: string; ready: string; signedIn: boolean };

async function launchOptions() {
  // The same executable and flags as the e2e tests (playwright.config.ts).
  const config = (await import("../../playwright.config")).default as { use?: { launchOptions?: { executablePath?: string; args?: string[] } } };
  return { executablePath: config.use?.launchOptions?.executablePath, args: config.use?.launchOptions?.args ?? [] };
}

/**
 * One cold load. Next.js prefetches the routes that visible links lead to once the page is idle
 * (RSC requests marked `Next-Router-Prefetch`, then those routes' chunks): with `blockPrefetch` they
 * are refused, so the figures are the page's own; without, they include what the prefetches pulled.
 */
async function measureOnce(browser: Browser, server: Server, spec: PageSpec, sessionToken: string, blockPrefetch: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  if (blockPrefetch) {
    await context.route(
      () => true,
      (route) => (route.request().headers()["next-router-prefetch"] ? route.abort() : route.continue()),
    );
  }
  if (spec.signedIn) {
    const host = new URL(server.url).hostname;
    await context.addCookies([{ name: "next-auth.session-token", value: sessionToken, domain: host, path: "/", httpOnly: true, sameSite: "Lax" }]);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const responses = new Map<string, { type: string; url: string }>();
  const bytes = new Map<string, number>();
  cdp.on("Network.responseReceived", (event: { requestId: string; type: string; response: { url: string } }) => {
    responses.set(event.requestId, { type: event.type, url: event.response.url });
  });
  cdp.on("Network.loadingFinished", (event: { requestId: string; encodedDataLength: number }) => {
    bytes.set(event.requestId, event.encodedDataLength);
  });

  await page.goto(`${server.url}${spec.path}`, { waitUntil: "commit" });
  await page.locator(spec.ready).first().waitFor({ state: "visible", timeout: 30_000 });
  const readyMs = await page.evaluate(() => performance.now());
  // Let late requests (chunks loaded after hydration, idle-time prefetches) finish before counting.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(1_500);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await context.close();

  const sum = { js: 0, css: 0, document: 0, other: 0 };
  const scripts: { url: string; kb: number }[] = [];
  for (const [id, info] of responses) {
    const size = bytes.get(id) ?? 0;
    if (info.type === "Script") {
      sum.js += size;
      scripts.push({ url: new URL(info.url).pathname, kb: round(size / 1024, 1) });
    } else if (info.type === "Stylesheet") sum.css += size;
    else if (info.type === "Document") sum.document += size;
    else sum.other += size;
  }
  scripts.sort((a, b) => b.kb - a.kb);
  return { sum, requests: responses.size, readyMs, scripts };
}

export async function runPagePart(options: {
  equinox: Server;
  sessionToken: string;
  detailId: string;
  runs: number;
  log: Log;
  /** A server of the source-mapped copy (--composition) and that copy's directory. */
  mapped?: { server: Server; projectDir: string };
}): Promise<PagePartResult> {
  const { equinox, log } = options;
  const specs: PageSpec[] = [
    { id: "sign_in", label: "sign-in page", path: "/sign-in", ready: "input[type=email]", signedIn: false },
    { id: "customers", label: "Customers page", path: "/customers", ready: "table tbody tr", signedIn: true },
    { id: "customer", label: "customer page", path: `/customers/${options.detailId}`, ready: "main h1", signedIn: true },
  ];
  const browser = await chromium.launch(await launchOptions());
  try {
    const pages: PageWeight[] = [];
    for (const spec of specs) {
      const runs = [];
      for (let i = 0; i < options.runs; i++) runs.push(await measureOnce(browser, equinox, spec, options.sessionToken, true));
      const withPrefetch = await measureOnce(browser, equinox, spec, options.sessionToken, false);
      const first = runs[0]!;
      const kb = (n: number) => round(n / 1024, 1);
      const weight: PageWeight = {
        id: spec.id,
        label: spec.label,
        path: spec.path,
        ready: spec.ready,
        runs: runs.length,
        jsKb: kb(first.sum.js),
        jsWithPrefetchKb: kb(withPrefetch.sum.js),
        requestsWithPrefetch: withPrefetch.requests,
        cssKb: kb(first.sum.css),
        documentKb: kb(first.sum.document),
        otherKb: kb(first.sum.other),
        totalKb: kb(first.sum.js + first.sum.css + first.sum.document + first.sum.other),
        requests: first.requests,
        readyMs: round(median(runs.map((r) => r.readyMs)), 0),
        largestScripts: first.scripts,
      };
      pages.push(weight);
      log(
        `${spec.label.padEnd(16)} JS ${weight.jsKb} KB (${weight.jsWithPrefetchKb} KB with link prefetches), CSS ${weight.cssKb} KB, ` +
          `${weight.requests} requests (${weight.requestsWithPrefetch}), ready in ${weight.readyMs} ms`,
      );
    }
    let byPage: PagePartResult["composition"];
    if (options.mapped) {
      byPage = {};
      for (const spec of specs) {
        // Chunk names differ between the two builds: load the page again from the mapped copy.
        const loaded = await measureOnce(browser, options.mapped.server, spec, options.sessionToken, true);
        const parts = await composition(path.join(options.mapped.projectDir, ".next", "static", "chunks"), loaded.scripts.map((s) => path.basename(s.url)));
        byPage[spec.id] = parts;
        log(`${spec.label} JavaScript by package: ${parts.slice(0, 10).map((p) => `${p.group} ${p.kb}`).join(", ")} (KB)`);
      }
    }
    return { chromium: browser.version(), pages, ...(byPage ? { composition: byPage } : {}) };
  } finally {
    await browser.close();
  }
}
