// Playwright global setup: the whole stack for one e2e run, on loopback only. What the tests
// need to know is passed to the workers through process.env.
import type { FullConfig } from "@playwright/test";
import { createThrowawayDatabase } from "../../tests/setup/throwaway-database";
import { startMailSink } from "./mail-sink";
import { startAppServer } from "./app-server";

export const TEST_AUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456";

export default async function globalSetup(_config: FullConfig) {
  const database = await createThrowawayDatabase("e2e");
  const mail = await startMailSink();
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    EMAIL_SERVER: `smtp://127.0.0.1:${mail.smtpPort}`,
    EMAIL_FROM: "Equinox <no-reply@equinox.test>",
    EQUINOX_TEST_MODE: "1",
  };
  const app = await startAppServer(env);

  process.env.E2E_BASE_URL = app.url;
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_MAIL_URL = mail.httpUrl;
  process.env.E2E_SERVER_LOG = app.logFile;

  return async () => {
    await app.stop();
    await mail.close();
    await database.drop();
  };
}
