// Playwright global setup: the whole stack for one e2e run, on loopback only. What the tests
// need to know is passed to the workers through process.env.
import type { FullConfig } from "@playwright/test";
import { createThrowawayDatabase } from "../../tests/setup/throwaway-database";
import { startMailSink } from "./mail-sink";
import { startAppServer } from "./app-server";
import { startOidcProvider } from "./oidc-provider";
import { startE2eStripe } from "./stripe";

export const TEST_AUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456";

export default async function globalSetup(_config: FullConfig) {
  const database = await createThrowawayDatabase("e2e");
  const mail = await startMailSink();
  const oidc = await startOidcProvider();
  const stripe = await startE2eStripe(); // [billing]
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    EMAIL_SERVER: `smtp://127.0.0.1:${mail.smtpPort}`,
    EMAIL_FROM: "Equinox <no-reply@equinox.test>",
    EQUINOX_TEST_MODE: "1",
    // [robustness] every spec signs in from 127.0.0.1: the per-IP sign-in email limit is for real clients
    MAGIC_LINK_LIMIT_PER_IP_PER_HOUR: "1000",
    // [robustness] the fuzzer sends many invalid keys from 127.0.0.1 too: the per-address limit
    // would answer the other specs' invalid keys 429 in that minute (lib/rate-limit tests it)
    API_INVALID_KEY_LIMIT_PER_MINUTE: "100000",
    ...oidc.appEnv,
    ...stripe.appEnv,
  };
  const app = await startAppServer(env);
  stripe.connectApp(app.url); // [billing] webhooks to the app, now that its URL is known
  oidc.allowApp(app.url);

  process.env.E2E_BASE_URL = app.url;
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_MAIL_URL = mail.httpUrl;
  process.env.E2E_SERVER_LOG = app.logFile;
  process.env.E2E_APP_ENV = JSON.stringify(env); // [robustness] a second instance starts with the same settings
  process.env.E2E_OIDC_ISSUER = oidc.issuer;
  process.env.E2E_STRIPE_URL = stripe.emulator.url; // [billing]

  return async () => {
    await app.stop();
    await mail.close();
    await oidc.close();
    await stripe.close(); // [billing]
    await database.drop();
  };
}
