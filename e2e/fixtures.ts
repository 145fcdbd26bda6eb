// Shared e2e fixtures: the server's URL, a database handle for reading what a test asserts (data is
// arranged through the domain: harness/domain.ts), signing in as staff without the UI (a database
// session, as next-auth itself creates one), and the mail sink.
import { randomBytes } from "node:crypto";
import { test as base, expect, type Page, type Response } from "@playwright/test";
import pg from "pg";
import { domain } from "./harness/domain";

export { domain };

export type StaffRole = "admin" | "staff" | null;

const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL, max: 4 });

export const uniqueSuffix = () => randomBytes(4).toString("hex");

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []) {
  return (await pool.query<T>(text, values)).rows;
}

/** A user with this role (staff through staff management, an end customer as next-auth signs one up). */
export async function createUser(role: StaffRole, email = `user-${uniqueSuffix()}@equinox.test`) {
  return (await domain()).userWithRole(email, role);
}

/** Signs the page's browser context in as a new user with this role (no UI, no email). */
export async function signInAs(page: Page, role: StaffRole, email?: string) {
  const user = await createUser(role, email);
  const token = await (await domain()).sessionFor(user.id);
  const url = new URL(process.env.E2E_BASE_URL!);
  await page.context().addCookies([{ name: "next-auth.session-token", value: token, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
  return user;
}

type MailMessage = { to: string[]; subject: string; text: string; html: string; receivedAt: number };

/** Waits for a message to `to` received after `since`, from the local SMTP sink. */
export async function waitForMail(to: string, since = 0, timeoutMs = 15_000): Promise<MailMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${process.env.E2E_MAIL_URL}/messages?to=${encodeURIComponent(to.toLowerCase())}`);
    const messages = ((await res.json()) as MailMessage[]).filter((m) => m.receivedAt >= since);
    if (messages.length) return messages[messages.length - 1]!;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const test = base.extend<{ baseURL: string; waitForHydration: boolean }, { domainLoaded: void }>({
  // Loading the domain into a worker (transpiling it and the Prisma client) takes seconds on a busy
  // machine: done once per worker, on a time budget of its own rather than the first test's.
  domainLoaded: [
    async ({}, use) => {
      await domain();
      await use();
    },
    { scope: "worker", auto: true, timeout: 120_000 },
  ],
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL!),
  /** Off for a test that keeps the page's scripts from loading on purpose. */
  waitForHydration: [true, { option: true }],
  // A page arrives before React has hydrated it, and a click in between is lost (the button has
  // no handler yet). After every navigation to one of the app's pages, wait until the app says it
  // is interactive (<html data-hydrated>, set by the page itself once its handlers are attached:
  // components/ui/interactive-marker.tsx). Other sites (the Stripe emulator's Checkout, the
  // identity provider) have no such marker.
  page: async ({ page, waitForHydration, baseURL }, use) => {
    const appOrigin = new URL(baseURL).origin;
    const settle = async (response: Response | null) => {
      const appPage = response?.ok() && new URL(response.url()).origin === appOrigin && (response.headers()["content-type"] ?? "").includes("text/html");
      if (waitForHydration && appPage) {
        await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 20_000 });
      }
      return response;
    };
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    page.goto = async (...args) => settle(await goto(...args));
    page.reload = async (...args) => settle(await reload(...args));
    await use(page);
  },
});

export { expect };
