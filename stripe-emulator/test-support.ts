import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";
import { afterAll, beforeEach, expect } from "vitest";

import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./index";

export const WEBHOOK_SECRET = "whsec_test_emulator_secret";

/** The exact client configuration Equinox uses offline. */
export function stripeClient(emulator: StripeEmulator, key = "sk_test_x", extra: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(key, {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
    ...extra,
  });
}

export async function startTestEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  return startStripeEmulator({ webhookRetry: { initialDelayMs: 20, timeoutMs: 2_000 }, ...options });
}

/**
 * This test file's emulator and a client on it, started once for the file (top-level await, as
 * tests/setup/stripe-emulator.ts does), emptied before each test and closed after the last.
 */
export async function setupTestEmulator(options: StripeEmulatorOptions = {}): Promise<{ emulator: StripeEmulator; stripe: Stripe }> {
  const emulator = await startTestEmulator(options);
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());
  return { emulator, stripe: stripeClient(emulator) };
}

/** What a Stripe SDK call was refused with (fails the test unless it threw a StripeError). */
export async function stripeError(call: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message?: string; param?: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  const e = error as Stripe.errors.StripeError;
  return { statusCode: e.statusCode, code: e.code, message: e.message, param: e.param };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answer the next `count` deliveries with HTTP 500. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** A local endpoint that records raw bodies, because signatures cover the exact bytes. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end("try again");
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    failNext(count) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Verifies every delivery exactly as a production handler would. */
export function verifiedEvents(receiver: WebhookReceiver, secret = WEBHOOK_SECRET): Stripe.Event[] {
  const verifier = new Stripe("sk_test_verifier");
  return receiver.received.map((delivery) => {
    const signature = delivery.headers["stripe-signature"];
    if (typeof signature !== "string") throw new Error("delivery without Stripe-Signature");
    return verifier.webhooks.constructEvent(delivery.body, signature, secret);
  });
}

/** Pulls the hosted page's form actions out of its HTML. */
export function formActions(html: string): string[] {
  return [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((match) => (match[1] ?? "").replace(/&amp;/g, "&"));
}

/** Submits a hosted-page form the way a browser would, without following the redirect. */
export async function submitForm(baseUrl: string, action: string, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(action, baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}
