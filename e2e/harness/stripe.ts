// The e2e run's Stripe: the local emulator, started before the app (whose env points the Stripe
// SDK at it) and told where the app's webhook route is once the app is up (its port is only known
// then). Test-mode and live-mode keys and webhook secrets as a deployment would have them.
import { startStripeEmulator, type StripeEmulator } from "../../stripe-emulator";

export const E2E_STRIPE = {
  keys: { sandbox: "sk_test_equinox_e2e", live: "sk_live_equinox_e2e" },
  webhookSecrets: { sandbox: "whsec_equinox_e2e_sandbox", live: "whsec_equinox_e2e_live" },
} as const;

export type E2eStripe = {
  emulator: StripeEmulator;
  /** The app's Stripe settings. */
  appEnv: Record<string, string>;
  /** Points both modes' webhooks at the app's /api/webhooks/stripe. */
  connectApp(appUrl: string): void;
  close(): Promise<void>;
};

export async function startE2eStripe(): Promise<E2eStripe> {
  const emulator = await startStripeEmulator({ port: 0 });
  return {
    emulator,
    appEnv: {
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY_SANDBOX: E2E_STRIPE.keys.sandbox,
      STRIPE_SECRET_KEY_LIVE: E2E_STRIPE.keys.live,
      STRIPE_WEBHOOK_SECRET_SANDBOX: E2E_STRIPE.webhookSecrets.sandbox,
      STRIPE_WEBHOOK_SECRET_LIVE: E2E_STRIPE.webhookSecrets.live,
    },
    connectApp(appUrl) {
      const url = `${appUrl.replace(/\/+$/, "")}/api/webhooks/stripe`;
      emulator.setWebhooks({
        test: [{ url, secret: E2E_STRIPE.webhookSecrets.sandbox }],
        live: [{ url, secret: E2E_STRIPE.webhookSecrets.live }],
      });
    },
    close: () => emulator.close(),
  };
}
