// Signs a browser context in as a new admin the way the e2e harness does (a database session, as
// next-auth itself would create it; no email), for a given origin.
import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import pg from "pg";

export async function signInWithSession(context: BrowserContext, origin: string, databaseUrl: string) {
  const tag = randomBytes(6).toString("hex");
  const token = randomBytes(32).toString("hex");
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`insert into users (id, email, name, role, email_verified) values ($1, $2, 'Ops Admin', 'admin', now())`, [`usr_ops${tag}`, `ops-${tag}@equinox.test`]);
    await db.query(`insert into sessions (id, session_token, user_id, expires) values ($1, $2, $3, now() + interval '1 day')`, [`ses_ops${tag}`, token, `usr_ops${tag}`]);
  } finally {
    await db.end();
  }
  const url = new URL(origin);
  await context.addCookies([{ name: "next-auth.session-token", value: token, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
}
