// Runs after every other spec (its own Playwright project, which depends on the rest): the logs
// of every server the run started (test-results/*-server.log) must not contain any secret the
// run used: API secret keys (any well-formed one, whoever created it), the auth secret, Stripe
// keys and webhook secrets, the OIDC client secret, the database password, session tokens and
// the tokens of every sign-in link that was mailed. And no secret key is stored in clear in the
// database: only hashes.
import fs from "node:fs";
import path from "node:path";
import { expect, sql, test } from "../fixtures";

const resultsDir = path.resolve(import.meta.dirname, "../../test-results");

const PATTERNS: [string, RegExp][] = [
  ["an API secret key", /am_sk_(test|live)_[A-Za-z0-9]{42}/],
  ["a Stripe secret key", /\b[sr]k_(test|live)_[A-Za-z0-9_]{8,}/],
  ["a Stripe webhook secret", /\bwhsec_[A-Za-z0-9_]{8,}/],
];

function serverLogs(): { name: string; text: string }[] {
  return fs
    .readdirSync(resultsDir)
    .filter((name) => name.endsWith("-server.log"))
    .map((name) => ({ name, text: fs.readFileSync(path.join(resultsDir, name), "utf8") }));
}

async function knownSecrets(): Promise<[string, string][]> {
  const secrets: [string, string][] = [];
  const env = JSON.parse(process.env.E2E_APP_ENV ?? "{}") as Record<string, string>;
  for (const [name, value] of Object.entries(env)) {
    if (/SECRET|PASSWORD|_KEY/i.test(name) && value) secrets.push([name, value]);
  }
  const password = decodeURIComponent(new URL(process.env.E2E_DATABASE_URL!).password);
  if (password) secrets.push(["the database password", password]);
  for (const { session_token } of await sql<{ session_token: string }>("select session_token from sessions")) {
    secrets.push(["a session token", session_token]);
  }
  const mails = (await (await fetch(`${process.env.E2E_MAIL_URL}/messages`)).json()) as { text: string; html: string }[];
  for (const mail of mails) {
    for (const match of `${mail.text}\n${mail.html}`.matchAll(/[?&](?:amp;)?token=([A-Za-z0-9_-]{16,})/g)) secrets.push(["a sign-in link token", match[1]!]);
  }
  return secrets;
}

test("no server log of the run contains a secret", async () => {
  const logs = serverLogs();
  expect(logs.map((l) => l.name)).toContain("app-server.log");
  const secrets = await knownSecrets();
  expect(secrets.length).toBeGreaterThan(5);
  const found: string[] = [];
  for (const log of logs) {
    for (const [what, pattern] of PATTERNS) if (pattern.test(log.text)) found.push(`${log.name}: ${what} (${pattern})`);
    for (const [what, value] of secrets) if (value.length >= 8 && log.text.includes(value)) found.push(`${log.name}: ${what}`);
  }
  test.info().annotations.push({ type: "scanned", description: `${logs.length} logs, ${secrets.length} known secrets + ${PATTERNS.length} patterns` });
  expect(found).toEqual([]);
});

test("no secret key is stored in clear anywhere in the database", async () => {
  const tables = await sql<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await sql<{ n: number }>(`select count(*)::int as n from "${table_name}" t where t::text ~ 'am_sk_(test|live)_[A-Za-z0-9]{42}'`);
    if (row!.n > 0) found.push(`${table_name}: ${row!.n} rows`);
  }
  expect(found).toEqual([]);
  const [keys] = await sql<{ n: number; hashed: number }>(`select count(*)::int as n, count(*) filter (where hash ~ '^[0-9a-f]{64}$')::int as hashed from api_keys`);
  expect(keys!.n).toBeGreaterThan(0);
  expect(keys!.hashed).toBe(keys!.n);
});
