// `npm run dev` without Stripe keys: the local Stripe emulator stands in for Stripe, with
// test-mode and live-mode keys of its own and webhooks sent to the dev server. With keys
// (or STRIPE_API_BASE) configured, nothing starts and the configuration is used as it is.
import { startStripeEmulator } from "../../stripe-emulator";
import { rawEnv } from "../../lib/env";
import type { Service } from "./launcher";

const DEV_SECRETS = { sandbox: "whsec_equinox_dev_sandbox", live: "whsec_equinox_dev_live" } as const;

export type DevStripe = { env: Record<string, string>; url: string; service: Service } | null;

export async function startDevStripe(appPort: string): Promise<DevStripe> {
  if (rawEnv("STRIPE_SECRET_KEY_SANDBOX") || rawEnv("STRIPE_SECRET_KEY_LIVE") || rawEnv("STRIPE_API_BASE")) return null;
  // The dev server is on this machine whatever APP_URL says; the emulator only calls loopback.
  const webhookUrl = `http://127.0.0.1:${appPort}/api/webhooks/stripe`;
  const options = {
    webhooks: { test: [{ url: webhookUrl, secret: DEV_SECRETS.sandbox }], live: [{ url: webhookUrl, secret: DEV_SECRETS.live }] },
  };
  const preferred = Number(rawEnv("STRIPE_EMULATOR_PORT") ?? 12111);
  const emulator = await startStripeEmulator({ ...options, port: preferred }).catch(() => startStripeEmulator({ ...options, port: 0 }));
  return {
    url: emulator.url,
    env: {
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY_SANDBOX: "sk_test_equinox_dev",
      STRIPE_SECRET_KEY_LIVE: "sk_live_equinox_dev",
      STRIPE_WEBHOOK_SECRET_SANDBOX: DEV_SECRETS.sandbox,
      STRIPE_WEBHOOK_SECRET_LIVE: DEV_SECRETS.live,
    },
    service: { name: "Stripe emulator", stop: () => emulator.close() },
  };
}
