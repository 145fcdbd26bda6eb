import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, type StripeEmulator } from "./index";
import {
  WEBHOOK_SECRET,
  startTestEmulator,
  startWebhookReceiver,
  stripeClient,
  verifiedEvents,
  type WebhookReceiver,
} from "./test-support";

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startTestEmulator({
    webhooks: { test: [{ url: receiver.url, secret: WEBHOOK_SECRET }] },
    webhookRetry: { maxAttempts: 3, initialDelayMs: 20, timeoutMs: 2_000 },
  });
  stripe = stripeClient(emulator);
});
afterEach(() => {
  emulator.reset();
  emulator.setWebhooks({ test: [{ url: receiver.url, secret: WEBHOOK_SECRET }] });
  receiver.received.length = 0;
  receiver.failNext(0);
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

interface Delivery {
  eventId: string;
  attempt: number;
  status: number | null;
}

async function deliveries(): Promise<Delivery[]> {
  const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
    webhooks: { deliveries: Delivery[] };
  };
  return state.webhooks.deliveries;
}

describe("webhooks", () => {
  it("signs deliveries exactly like Stripe", async () => {
    const customer = await stripe.customers.create({ email: "signed@example.com" });
    await emulator.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const header = String(delivery?.headers["stripe-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivery?.headers["content-type"]).toContain("application/json");

    const [event] = verifiedEvents(receiver);
    expect(event).toMatchObject({
      object: "event",
      type: "customer.created",
      livemode: false,
      api_version: Stripe.API_VERSION,
      data: { object: { id: customer.id, email: "signed@example.com" } },
    });

    const verifier = new Stripe("sk_test_verifier");
    expect(() => verifier.webhooks.constructEvent(delivery?.body ?? "", header, "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    // The exported signer matches the SDK's own test-header generator.
    const timestamp = Math.floor(Date.now() / 1000);
    expect(signatureHeader("{}", WEBHOOK_SECRET, timestamp)).toBe(
      verifier.webhooks.generateTestHeaderString({ payload: "{}", secret: WEBHOOK_SECRET, timestamp }),
    );
  });

  it("retries failed deliveries with backoff until the endpoint accepts", async () => {
    receiver.failNext(2);
    const customer = await stripe.customers.create({ email: "retry@example.com" });
    await emulator.flushWebhooks();
    expect(verifiedEvents(receiver).map((event) => event.type)).toEqual(["customer.created"]);
    expect((await deliveries()).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    const [event] = (await stripe.events.list()).data;
    expect(event?.data.object).toMatchObject({ id: customer.id });
    expect(event?.pending_webhooks).toBe(0);
  });

  it("gives up after the last attempt and keeps the event pending", async () => {
    receiver.failNext(10);
    await stripe.customers.create({ email: "gives-up@example.com" });
    await emulator.flushWebhooks();
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries()).toHaveLength(3);
    expect((await stripe.events.list()).data[0]?.pending_webhooks).toBe(1);
  });

  it("never makes the API response wait for the receiver", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = createServer((req, res) => {
      req.resume();
      void gate.then(() => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const { port } = slow.address() as AddressInfo;
    emulator.setWebhooks({ test: [{ url: `http://127.0.0.1:${port}/hook`, secret: WEBHOOK_SECRET }] });

    const customer = await stripe.customers.create({ email: "async@example.com" });
    expect(customer.id).toMatch(/^cus_/);
    let flushed = false;
    const flushing = emulator.flushWebhooks().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(flushed).toBe(true);
    await new Promise<void>((resolve) => {
      slow.close(() => resolve());
      slow.closeAllConnections();
    });
  });

  it("delivers each mode's events only to that mode's endpoints, with their own secret", async () => {
    const liveReceiver = await startWebhookReceiver();
    try {
      emulator.setWebhooks({
        test: [{ url: receiver.url, secret: WEBHOOK_SECRET }],
        live: [{ url: liveReceiver.url, secret: "whsec_live" }],
      });
      const live = stripeClient(emulator, "sk_live_x");
      await stripe.customers.create({ email: "t@example.com" });
      await live.customers.create({ email: "l@example.com" });
      await emulator.flushWebhooks();

      expect(verifiedEvents(receiver).map((event) => [event.type, event.livemode])).toEqual([
        ["customer.created", false],
      ]);
      expect(verifiedEvents(liveReceiver, "whsec_live").map((event) => [event.type, event.livemode])).toEqual([
        ["customer.created", true],
      ]);
      expect((await live.events.list()).data).toHaveLength(1);
    } finally {
      await liveReceiver.close();
    }
  });

  it("only accepts loopback webhook URLs", () => {
    expect(() => emulator.setWebhooks({ test: [{ url: "https://example.com/hook", secret: "whsec_x" }] })).toThrow(
      /loopback/,
    );
  });

  it("can be configured and flushed over HTTP", async () => {
    const configured = await fetch(`${emulator.url}/_emulator/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ test: [{ url: receiver.url, secret: "whsec_http" }] }),
    });
    expect(configured.status).toBe(200);
    await stripe.customers.create({ email: "http@example.com" });
    expect((await fetch(`${emulator.url}/_emulator/webhooks/flush`, { method: "POST" })).status).toBe(200);
    expect(verifiedEvents(receiver, "whsec_http")).toHaveLength(1);
  });
});
