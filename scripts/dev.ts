// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL), migrations, demo data on first start,
// then `next dev`. Prints where to sign in.
import { closeDb, db } from "../lib/db";
import { rawEnv } from "../lib/env";
import { DEMO_ADMIN_EMAIL, seed } from "../prisma/seed";
import { emailCallbackUrl, newVerificationToken } from "../lib/auth/verification-token";
import { developmentAuthSecret, prepareDatabase, processManager, runDevServer, say, serverArgs } from "./lib/launcher";
import { startDevStripe } from "./lib/dev-stripe";

async function main() {
  const args = serverArgs();
  const manager = processManager();
  const database = await prepareDatabase(manager);

  process.env.DATABASE_URL = database.url;
  const authSecret = rawEnv("AUTH_SECRET") ?? developmentAuthSecret();
  process.env.AUTH_SECRET = authSecret;
  const firstStart = (await db().user.count()) === 0;
  if (firstStart) {
    say("First start: adding demo data.");
    await seed((line) => say(line));
  }
  const appUrl = rawEnv("APP_URL") ?? `http://${args.hostname && args.hostname !== "0.0.0.0" ? args.hostname : "localhost"}:${args.port}`;
  // A real one-time sign-in link for the demo admin, as next-auth's email provider makes them
  // (valid 24 h, one use), so that nobody needs a mail server to get in the first time.
  const { token, hashed } = newVerificationToken(authSecret);
  await db().verificationToken.create({ data: { identifier: DEMO_ADMIN_EMAIL, token: hashed, expires: new Date(Date.now() + 24 * 60 * 60 * 1000) } });
  const demoLink = emailCallbackUrl({ appUrl, email: DEMO_ADMIN_EMAIL, token, callbackUrl: `${appUrl}/customers` });
  await closeDb();

  // [billing] No Stripe keys configured: the local Stripe emulator (state is kept in memory only).
  const stripe = await startDevStripe(String(args.port));
  if (stripe) manager.add(stripe.service);

  say(`Equinox: ${appUrl}`);
  say(stripe ? `Stripe: local emulator at ${stripe.url} (set STRIPE_SECRET_KEY_SANDBOX to use Stripe's test mode)` : "Stripe: using the configured keys");
  say(`Sign in as ${DEMO_ADMIN_EMAIL} with this one-time link (valid 24 h):\n  ${demoLink}`);
  say(`Or sign in at ${appUrl}/sign-in; without EMAIL_SERVER the magic link is printed here.`);
  runDevServer(manager, args, { DATABASE_URL: database.url, AUTH_SECRET: authSecret, APP_URL: appUrl, ...stripe?.env });
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
