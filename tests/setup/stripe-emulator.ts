// Runs in every test file (after test-env.ts): a Stripe emulator of the file's own, and the app's
// Stripe settings pointed at it, before any test reads env(). Tests never reach real Stripe.
// tests/factories/billing.ts gives access to it.
import { afterAll } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "../../stripe-emulator";

export const TEST_STRIPE_KEYS = { sandbox: "sk_test_equinox_tests", live: "sk_live_equinox_tests" } as const;
export const TEST_WEBHOOK_SECRETS = { sandbox: "whsec_equinox_sandbox_tests", live: "whsec_equinox_live_tests" } as const;

const emulator = await startStripeEmulator({ port: 0, webhookRetry: { maxAttempts: 3, initialDelayMs: 20, timeoutMs: 5_000 } });
process.env.STRIPE_API_BASE = emulator.url;
process.env.STRIPE_SECRET_KEY_SANDBOX = TEST_STRIPE_KEYS.sandbox;
process.env.STRIPE_SECRET_KEY_LIVE = TEST_STRIPE_KEYS.live;
process.env.STRIPE_WEBHOOK_SECRET_SANDBOX = TEST_WEBHOOK_SECRETS.sandbox;
process.env.STRIPE_WEBHOOK_SECRET_LIVE = TEST_WEBHOOK_SECRETS.live;
(globalThis as typeof globalThis & { __equinoxTestStripe?: StripeEmulator }).__equinoxTestStripe = emulator;

afterAll(() => emulator.close());
