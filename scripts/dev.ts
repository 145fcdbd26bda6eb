// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL), migrations, demo data on first start,
// then `next dev`. Prints where to sign in.
import { closeDb, db } from "../lib/db";
import { rawEnv } from "../lib/env";
import { DEMO_ADMIN_EMAIL, seed } from "../prisma/seed";
import { developmentAuthSecret, port, prepareDatabase, runNext, say, type Service } from "./lib/launcher";

async function main() {
  const services: Service[] = [];
  const database = await prepareDatabase();
  services.push({ name: "PostgreSQL", stop: database.stop });

  process.env.DATABASE_URL = database.url;
  const authSecret = rawEnv("AUTH_SECRET") ?? developmentAuthSecret();
  process.env.AUTH_SECRET = authSecret;
  const firstStart = (await db().user.count()) === 0;
  if (firstStart) {
    say("First start: adding demo data.");
    await seed((line) => say(line));
  }
  await closeDb();

  const appUrl = rawEnv("APP_URL") ?? `http://localhost:${port()}`;
  say(`Equinox: ${appUrl}`);
  say(`Sign in at ${appUrl}/sign-in as ${DEMO_ADMIN_EMAIL}; without EMAIL_SERVER the magic link is printed here.`);
  await runNext(["dev", "--port", port()], { DATABASE_URL: database.url, AUTH_SECRET: authSecret, APP_URL: appUrl }, services);
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
