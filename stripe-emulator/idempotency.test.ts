import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { setupTestEmulator, stripeClient } from "./test-support";

const { emulator, stripe } = await setupTestEmulator();

describe("idempotency", () => {
  it("replays the stored response for the same key and body", async () => {
    const first = await stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "key-1" });
    const second = await stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "key-1" });
    expect(second.id).toBe(first.id);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list({ email: "once@example.com" })).data).toHaveLength(1);
  });

  it("treats parameter order as irrelevant", async () => {
    const body1 = "email=order%40example.com&name=Ord";
    const body2 = "name=Ord&email=order%40example.com";
    const post = (body: string) =>
      fetch(`${emulator.url}/v1/customers`, {
        method: "POST",
        headers: {
          Authorization: "Bearer sk_test_x",
          "Content-Type": "application/x-www-form-urlencoded",
          "Idempotency-Key": "order-key",
        },
        body,
      });
    const a = (await (await post(body1)).json()) as { id: string };
    const replay = await post(body2);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as { id: string }).id).toBe(a.id);
  });

  it("rejects the same key with a different body as an idempotency_error", async () => {
    await stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "key-2" });
    const error = await stripe.customers
      .create({ email: "b@example.com" }, { idempotencyKey: "key-2" })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it("runs ten concurrent creates with one key exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        stripe.customers.create({ email: "burst@example.com" }, { idempotencyKey: "burst-key" }),
      ),
    );
    expect(new Set(results.map((customer) => customer.id)).size).toBe(1);
    expect(results.filter((customer) => customer.lastResponse.headers["idempotent-replayed"] === "true")).toHaveLength(9);
    expect((await stripe.customers.list({ email: "burst@example.com" })).data).toHaveLength(1);
    expect((await stripe.events.list({ type: "customer.created" })).data).toHaveLength(1);
  });

  it("scopes keys per mode", async () => {
    const live = stripeClient(emulator, "sk_live_x");
    const testCustomer = await stripe.customers.create({ email: "m@example.com" }, { idempotencyKey: "shared" });
    const liveCustomer = await live.customers.create({ email: "m@example.com" }, { idempotencyKey: "shared" });
    expect(liveCustomer.id).not.toBe(testCustomer.id);
    expect(liveCustomer.livemode).toBe(true);
  });

  it("does not store validation failures, so the key can be reused once fixed", async () => {
    await expect(
      stripe.customers.create({ email: "broken" }, { idempotencyKey: "fix-me" }),
    ).rejects.toMatchObject({ code: "email_invalid" });
    await expect(
      stripe.customers.create({ email: "broken" }, { idempotencyKey: "fix-me" }),
    ).rejects.toMatchObject({ code: "email_invalid" });
    const fixed = await stripe.customers.create({ email: "fixed@example.com" }, { idempotencyKey: "fix-me" });
    expect(fixed.email).toBe("fixed@example.com");
  });
});
