// `npm run screenshots`: PNGs of the customers screens for the docs, from the production build.
// It builds nothing: run `npx next build` first. Like the e2e harness it starts a throwaway
// database and `next start` on loopback, seeds the demo data (prisma/seed.ts, plus a few more
// customers, usage and changes so the pages look lived-in), signs in as the demo admin and
// writes docs/screenshots/*.png. Everything it started is stopped and dropped at the end.
//
// The seeding runs in a child process (`tsx --conditions=react-server … --seed`), because the
// domain modules are server-only: this same file, in seed mode.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "docs", "screenshots");
const AUTH_SECRET = "screenshots-secret-screenshots-secret-0123";
const ADMIN_EMAIL = "admin@equinox.local";

function say(line: string) {
  console.log(`[screenshots] ${line}`);
}

// ---------------------------------------------------------------------------------------------
// Seed mode (child process, react-server conditions, DATABASE_URL set by the parent).

async function seedDemo(): Promise<void> {
  const { seed } = await import("../prisma/seed");
  const { db, closeDb } = await import("../lib/db");
  const { systemCtx } = await import("../lib/context");
  const { newId } = await import("../lib/ids");
  const { createCustomer } = await import("../lib/customers/create-customer");
  const { getOrCreateCustomerRecord } = await import("../lib/customers/get-or-create-customer");
  const { updateCustomerRecord } = await import("../lib/customers/update-customer");
  const { enablePlanForCustomer } = await import("../lib/plans/enable-plan-for-customer");
  const { adjustBalance } = await import("../lib/balances/adjust-balance");
  const { track } = await import("../lib/balances/track");
  const { rebuildUsageRollups } = await import("../lib/events/rebuild-usage-rollups");
  type Ctx = import("../lib/context").Ctx;

  await seed(() => undefined);
  const prisma = db();
  const admin = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
  const staff: Ctx = { env: "sandbox", actor: { kind: "staff", userId: admin.id, email: ADMIN_EMAIL, role: "admin" } };
  const apiKey: Ctx = { env: "sandbox", actor: { kind: "api_key", keyId: "key_demo", label: "Demo key" } };

  // A fuller table: customers from the API and from the dashboard, some on paid plans.
  for (const [id, name, email, plan] of [
    ["user_789", "Grace Hopper", "grace@navy.example", "pro"],
    ["org_hooli", "Hooli", "ap@hooli.example", "pro"],
    ["user_1024", "Linus Torvalds", "linus@kernel.example", null],
    ["org_piedpiper", "Pied Piper", "richard@piedpiper.example", "pro"],
  ] as const) {
    const { customer } = await getOrCreateCustomerRecord(apiKey, { customer_id: id, name, email });
    if (plan) await enablePlanForCustomer(systemCtx("sandbox", "seed"), { customerId: customer.id, planId: plan });
  }
  const umbrella = await createCustomer(staff, { id: "org_umbrella", name: "Umbrella Health", email: "finance@umbrella.example" });
  await enablePlanForCustomer(staff, { customerId: umbrella.customer.id, planId: "enterprise", note: "Annual contract, invoiced" });
  await createCustomer(staff, { name: "Stark Industries", email: "procurement@stark.example" });
  await createCustomer(staff, { name: "Wayne Enterprises", email: "it-buying@wayne.example" });

  // Globex (pending, negotiated Enterprise from the seed): usage over the last month, a balance
  // adjustment and CRM metadata, so its page shows a chart and a timeline.
  const globex = await prisma.customer.findFirstOrThrow({ where: { env: "sandbox", externalId: null, emailNormalized: "procurement@globex.example" } });
  const messages = await prisma.feature.findUniqueOrThrow({ where: { env_featureId: { env: "sandbox", featureId: "messages" } } });
  const day = 86_400_000;
  await prisma.usageEvent.createMany({
    data: Array.from({ length: 29 }, (_, i) => {
      const daysAgo = 29 - i;
      const weekday = new Date(Date.now() - daysAgo * day).getUTCDay();
      const value = weekday === 0 || weekday === 6 ? 40 + ((i * 7) % 30) : 180 + ((i * 53) % 140) + i * 6;
      return { id: newId("use"), env: "sandbox" as const, customerId: globex.id, featurePk: messages.id, value, createdAt: new Date(Date.now() - daysAgo * day) };
    }),
  });
  // Written straight into usage_events, so their hourly rollups (what the chart reads) too.
  await rebuildUsageRollups(prisma, { env: "sandbox", customerPks: [globex.id] });
  await track(apiKey, { customer_id: globex.id, feature_id: "messages", value: 212 });
  await track(apiKey, { customer_id: globex.id, feature_id: "seats", value: 164 });
  await updateCustomerRecord(staff, { customer_id: globex.id, metadata: { crm_account: "SF-004211", account_manager: "dana@equinox.local", region: "EMEA" } });
  await adjustBalance(staff, { customerId: globex.id, featureId: "seats", delta: 25, reason: "Pilot team joins before the contract amendment" });
  await closeDb();
}

// ---------------------------------------------------------------------------------------------
// Main mode: the stack, the browser, the pictures.

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npx next build` first (this script does not build).");
  }
  // Imported here, not at the top: seed mode must not load the test harness.
  const { createThrowawayDatabase } = await import("../tests/setup/throwaway-database");
  const { startMailSink } = await import("../e2e/harness/mail-sink");
  const { startAppServer } = await import("../e2e/harness/app-server");
  const { startE2eStripe } = await import("../e2e/harness/stripe");
  const { chromium } = await import("@playwright/test");

  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    say("starting a throwaway database…");
    const database = await createThrowawayDatabase("screenshots");
    cleanups.push(() => database.drop());
    const mail = await startMailSink();
    cleanups.push(() => mail.close());
    // The local Stripe emulator, as in the e2e run: the pages then offer to create and link Stripe customers.
    const stripe = await startE2eStripe();
    cleanups.push(() => stripe.close());

    say("seeding the demo data…");
    await run(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", path.join(root, "scripts", "screenshots.ts"), "--seed"], {
      DATABASE_URL: database.url,
      AUTH_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
    });

    say("starting the app (next start)…");
    const app = await startAppServer(
      {
        DATABASE_URL: database.url,
        AUTH_SECRET,
        EMAIL_SERVER: `smtp://127.0.0.1:${mail.smtpPort}`,
        EMAIL_FROM: "Equinox <no-reply@equinox.test>",
        ...stripe.appEnv,
      },
      "screenshots",
    );
    cleanups.push(() => app.stop());
    stripe.connectApp(app.url);

    // A session for the demo admin, as next-auth stores it after a sign-in.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const token = randomBytes(32).toString("hex");
    const { rows } = await client.query<{ id: string }>(`select id from users where email = $1`, [ADMIN_EMAIL]);
    await client.query(`insert into sessions (id, session_token, user_id, expires) values ($1, $2, $3, now() + interval '1 hour')`, [
      `ses_${randomBytes(8).toString("hex")}`,
      token,
      rows[0]!.id,
    ]);
    const { rows: globexRows } = await client.query<{ id: string }>(`select id from customers where env = 'sandbox' and email_normalized = 'procurement@globex.example'`);
    await client.end();

    const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => fs.existsSync(p));
    const browser = await chromium.launch({
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2, reducedMotion: "reduce" });
    await context.addCookies([{ name: "next-auth.session-token", value: token, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    fs.mkdirSync(outDir, { recursive: true });
    const shot = async (name: string) => {
      // Let toasts and hover states settle out of the picture.
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, name) });
      say(`wrote docs/screenshots/${name}`);
    };

    await page.goto(`${app.url}/customers`);
    await page.getByRole("table", { name: "Customers" }).getByRole("row").nth(5).waitFor();
    await shot("customers.png");

    await page.locator("body").press("c");
    const dialog = page.getByRole("dialog", { name: "Create customer" });
    await dialog.waitFor();
    await dialog.getByLabel("Name").fill("Acme Corp");
    await dialog.getByLabel("Email").fill("billing@acme.example");
    await dialog.getByLabel("Email").blur();
    await shot("customers-create-dialog.png");
    await page.keyboard.press("Escape");

    await page.goto(`${app.url}/customers/${globexRows[0]!.id}`);
    await page.getByRole("list", { name: "Activity" }).waitFor();
    // The whole page in one picture, with the sidebar as tall as the page (it is viewport-high).
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await shot("customer-detail.png");

    // [portal] The portal after the claim: Globex's contact signs in with a real magic link (the
    // sign-in hook claims the pre-created customer) and finds the negotiated Enterprise plan.
    const portalContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2, reducedMotion: "reduce" });
    const portal = await portalContext.newPage();
    await portal.goto(`${app.url}/portal/sign-in`);
    const linkSince = Date.now();
    await portal.getByLabel("Email").fill("procurement@globex.example");
    await portal.getByRole("button", { name: "Email me a sign-in link" }).click();
    await portal.getByRole("heading", { name: "Check your email" }).waitFor();
    let link: string | undefined;
    for (let attempt = 0; !link && attempt < 60; attempt++) {
      const messages = (await (await fetch(`${mail.httpUrl}/messages?to=procurement@globex.example`)).json()) as { text: string; receivedAt: number }[];
      link = messages.filter((m) => m.receivedAt >= linkSince).map((m) => /(https?:\/\/\S+\/api\/auth\/callback\/email\?\S+)/.exec(m.text)?.[1]).find(Boolean);
      if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!link) throw new Error("no sign-in email for the portal screenshot");
    await portal.goto(link);
    await portal.getByRole("list", { name: "Your plans" }).waitFor();
    await portal.mouse.move(0, 0);
    await portal.screenshot({ path: path.join(outDir, "portal.png"), fullPage: true });
    say("wrote docs/screenshots/portal.png");
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

const entry = process.argv[2] === "--seed" ? seedDemo : main;
entry().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[screenshots] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
