// Factories for the Stripe work: the test file's Stripe emulator (tests/setup/stripe-emulator.ts),
// a Stripe client to arrange things in it, webhooks delivered to the app's route in-process, the
// hosted checkout's Pay button, and paid plans.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { StripeEmulator } from "@/stripe-emulator";
import { signatureHeader } from "@/stripe-emulator";
import { TEST_STRIPE_KEYS, TEST_WEBHOOK_SECRETS } from "../setup/stripe-emulator";
import { createTestFeature, createTestPlan } from "./entitlements";
import { unique } from "./index";

export { TEST_STRIPE_KEYS, TEST_WEBHOOK_SECRETS };

/** This test file's emulator. */
export function testEmulator(): StripeEmulator {
  const emulator = (globalThis as typeof globalThis & { __equinoxTestStripe?: StripeEmulator }).__equinoxTestStripe;
  if (!emulator) throw new Error("tests/setup/stripe-emulator.ts did not run");
  return emulator;
}

/** A Stripe client on the emulator with the environment's key (to arrange or inspect Stripe's side). */
export function testStripe(env: Env = "sandbox"): Stripe {
  return new Stripe(TEST_STRIPE_KEYS[env], { host: "127.0.0.1", port: testEmulator().port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
}

/** A customer made directly in Stripe (as if by another integration). */
export function createStripeTestCustomer(env: Env = "sandbox", params: Stripe.CustomerCreateParams = {}) {
  return testStripe(env).customers.create({ email: `${unique("stripe")}@example.test`, name: "Stripe Customer", ...params });
}

type RouteHandler = (request: Request) => Promise<Response>;

/**
 * Points the emulator's webhooks (both modes) at the app's route handler, called in-process
 * through a loopback server, as Stripe would call the deployed route. Returns a stop function.
 */
export async function deliverWebhooksTo(handler: RouteHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      handler(new Request(`http://test${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks).toString("utf8") }))
        .then(async (response) => res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text()))
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
  testEmulator().setWebhooks({ test: [{ url, secret: TEST_WEBHOOK_SECRETS.sandbox }], live: [{ url, secret: TEST_WEBHOOK_SECRETS.live }] });
  return {
    url,
    close: async () => {
      testEmulator().setWebhooks({});
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A webhook request signed as Stripe signs them (the sandbox secret unless said otherwise). */
export function signedWebhookRequest(event: object, options: { secret?: string; timestamp?: number } = {}): Request {
  const payload = JSON.stringify(event);
  const header = signatureHeader(payload, options.secret ?? TEST_WEBHOOK_SECRETS.sandbox, options.timestamp ?? Math.floor(Date.now() / 1000));
  return new Request("http://test/api/webhooks/stripe", { method: "POST", headers: { "stripe-signature": header, "content-type": "application/json" }, body: payload });
}

/** Presses Pay on the emulator's hosted checkout page (as a browser would), without following the redirect. */
export async function payHostedCheckout(checkoutUrl: string): Promise<Response> {
  const url = new URL(checkoutUrl);
  return fetch(new URL(`${url.pathname.replace(/\/$/, "")}/pay`, url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "",
  });
}

/** A paid plan with one metered feature (monthly 20.00 USD unless said otherwise). */
export async function createPaidTestPlan(
  options: { env?: Env; amount?: number; interval?: "month" | "quarter" | "year" | "one_off"; group?: string | null; included?: number } = {},
) {
  const feature = await createTestFeature({ env: options.env });
  const plan = await createTestPlan({
    env: options.env,
    group: options.group ?? null,
    price: { amount: options.amount ?? 2000, interval: options.interval ?? "month", currency: "usd" },
    items: [{ featureId: feature.id, included: options.included ?? 100, resetInterval: "month" }],
  });
  return { feature, plan };
}
