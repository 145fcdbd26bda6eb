import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { setupTestEmulator, stripeClient } from "./test-support";

const { emulator, stripe } = await setupTestEmulator();

async function customerCount(): Promise<number> {
  return (await stripe.customers.list({ limit: 100 })).data.length;
}

describe("failure injection", () => {
  it("500 answers api_error before executing, and a retry with the same key runs normally", async () => {
    emulator.failNext({ count: 1, mode: "500", path: "/v1/customers", method: "POST" });
    const error = await stripe.customers
      .create({ email: "flaky@example.com" }, { idempotencyKey: "retry-me" })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 500, type: "StripeAPIError" });
    expect(await customerCount()).toBe(0);

    const retried = await stripe.customers.create({ email: "flaky@example.com" }, { idempotencyKey: "retry-me" });
    expect(retried.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(await customerCount()).toBe(1);
  });

  it("timeout holds the request open until the client gives up", async () => {
    const impatient = stripeClient(emulator, "sk_test_x", { timeout: 250 });
    emulator.failNext({ mode: "timeout", path: "/v1/customers" });
    const started = Date.now();
    const error = await impatient.customers.create({ email: "slow@example.com" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await customerCount()).toBe(0);
    // The rule was used up; the next request goes through.
    await impatient.customers.create({ email: "slow@example.com" });
    expect(await customerCount()).toBe(1);
  });

  it("refuse drops the connection; stripe-node retries a closed connection once", async () => {
    // One refusal: the SDK's built-in single retry for ECONNRESET succeeds, and
    // because the refused attempt never executed there is exactly one customer.
    emulator.failNext({ count: 1, mode: "refuse", path: "/v1/customers", method: "POST" });
    await stripe.customers.create({ email: "refused@example.com" });
    expect(await customerCount()).toBe(1);

    emulator.failNext({ count: 2, mode: "refuse", path: "/v1/customers", method: "POST" });
    const error = await stripe.customers.create({ email: "refused2@example.com" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(await customerCount()).toBe(1);
  });

  it("after lets that many matching requests through, then fails the next", async () => {
    emulator.failNext({ count: 1, mode: "500", path: "/v1/customers", method: "POST", after: 1 });
    await stripe.customers.create({ email: "first@example.com" });
    const error = await stripe.customers.create({ email: "second@example.com" }).catch((err: unknown) => err);
    expect(error).toMatchObject({ statusCode: 500 });
    expect(await customerCount()).toBe(1);
    await stripe.customers.create({ email: "third@example.com" });
    expect(await customerCount()).toBe(2);
  });

  it("matches by RegExp and leaves other requests alone", async () => {
    emulator.failNext({ count: 1, mode: "500", path: /^\/v1\/checkout\// });
    await stripe.customers.create({ email: "unaffected@example.com" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "setup",
        currency: "usd",
        success_url: "http://localhost/ok",
      }),
    ).rejects.toMatchObject({ statusCode: 500 });
  });

  it("is controllable over HTTP, visible in /_emulator/state and cleared by reset", async () => {
    const armed = await fetch(`${emulator.url}/_emulator/fail`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ count: 2, mode: "500", path: "/v1/customers" }),
    });
    expect(armed.status).toBe(200);

    const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
      failures: { remaining: number; after: number; mode: string; path: string }[];
    };
    expect(state.failures).toEqual([{ remaining: 2, after: 0, mode: "500", path: "/v1/customers", method: null }]);

    await expect(stripe.customers.list()).rejects.toMatchObject({ statusCode: 500 });
    expect((await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" })).status).toBe(200);
    expect(await customerCount()).toBe(0);

    const bad = await fetch(`${emulator.url}/_emulator/fail`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ mode: "explode" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: "invalid_request_error", param: "mode" } });
  });

  it("reset forgets objects, events and idempotency keys", async () => {
    await stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "before-reset" });
    emulator.reset();
    expect(await customerCount()).toBe(0);
    expect((await stripe.events.list()).data).toHaveLength(0);
    const again = await stripe.customers.create({ email: "b@example.com" }, { idempotencyKey: "before-reset" });
    expect(again.email).toBe("b@example.com");
  });
});
