import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { setupTestEmulator, stripeClient } from "./test-support";

function withoutResponse(value: object): object {
  const { lastResponse: _ignored, ...rest } = value as { lastResponse?: unknown };
  return rest;
}

const { emulator, stripe } = await setupTestEmulator();

describe("customers", () => {
  it("creates and retrieves a customer with Stripe's shape", async () => {
    const created = await stripe.customers.create({
      email: "ada@example.com",
      name: "Ada Lovelace",
      metadata: { org_id: "org_1" },
    });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{24}$/);
    expect(created).toMatchObject({
      object: "customer",
      email: "ada@example.com",
      name: "Ada Lovelace",
      livemode: false,
      metadata: { org_id: "org_1" },
      invoice_settings: { default_payment_method: null },
    });

    const fetched = await stripe.customers.retrieve(created.id);
    expect(withoutResponse(fetched)).toEqual(withoutResponse(created));
  });

  it("merges metadata on update and removes keys set to an empty string", async () => {
    const customer = await stripe.customers.create({ metadata: { keep: "1", drop: "2", change: "3" } });
    const updated = await stripe.customers.update(customer.id, {
      metadata: { drop: "", change: "three", added: "4" },
    });
    expect(updated.metadata).toEqual({ keep: "1", change: "three", added: "4" });

    const cleared = await stripe.customers.update(customer.id, { metadata: "" });
    expect(cleared.metadata).toEqual({});
  });

  it("deletes a customer and then reports it as deleted", async () => {
    const customer = await stripe.customers.create({ email: "gone@example.com" });
    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toMatchObject({ id: customer.id, object: "customer", deleted: true });

    const fetched = await stripe.customers.retrieve(customer.id);
    expect(fetched.deleted).toBe(true);
    expect(Object.keys(fetched).filter((key) => key !== "lastResponse").sort()).toEqual(["deleted", "id", "object"]);

    await expect(stripe.customers.update(customer.id, { name: "x" })).rejects.toMatchObject({
      code: "resource_missing",
    });
    const list = await stripe.customers.list({ email: "gone@example.com" });
    expect(list.data).toHaveLength(0);
  });

  it("lists by email, newest first, with cursor pagination", async () => {
    const first = await stripe.customers.create({ email: "team@example.com" });
    await stripe.customers.create({ email: "other@example.com" });
    const second = await stripe.customers.create({ email: "team@example.com" });
    const third = await stripe.customers.create({ email: "team@example.com" });

    const byEmail = await stripe.customers.list({ email: "team@example.com" });
    expect(byEmail.object).toBe("list");
    expect(byEmail.url).toBe("/v1/customers");
    expect(byEmail.data.map((customer) => customer.id)).toEqual([third.id, second.id, first.id]);

    const page1 = await stripe.customers.list({ email: "team@example.com", limit: 2 });
    expect(page1.has_more).toBe(true);
    expect(page1.data.map((customer) => customer.id)).toEqual([third.id, second.id]);
    const page2 = await stripe.customers.list({
      email: "team@example.com",
      limit: 2,
      starting_after: second.id,
    });
    expect(page2.has_more).toBe(false);
    expect(page2.data.map((customer) => customer.id)).toEqual([first.id]);

    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 1 })) all.push(customer.id);
    expect(all).toHaveLength(4);
  });

  it("answers an unknown id with resource_missing as StripeInvalidRequestError", async () => {
    const error = await stripe.customers.retrieve("cus_doesnotexist").catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "id",
      message: "No such customer: 'cus_doesnotexist'",
    });
  });

  it("rejects bad and unknown params with the offending param", async () => {
    await expect(stripe.customers.create({ email: "not-an-email" })).rejects.toMatchObject({
      statusCode: 400,
      code: "email_invalid",
      param: "email",
    });
    await expect(
      stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });
    await expect(
      stripe.customers.list({ limit: 1000 }),
    ).rejects.toMatchObject({ statusCode: 400, param: "limit" });
  });

  it("emits customer.created, customer.updated (with previous_attributes) and customer.deleted", async () => {
    const customer = await stripe.customers.create({ email: "events@example.com", metadata: { a: "1" } });
    await stripe.customers.update(customer.id, { name: "Evie", metadata: { b: "2" } });
    await stripe.customers.update(customer.id, { name: "Evie" }); // no change → no event
    await stripe.customers.del(customer.id);

    const events = await stripe.events.list({ type: "customer.*" });
    expect(events.data.map((event) => event.type)).toEqual([
      "customer.deleted",
      "customer.updated",
      "customer.created",
    ]);
    const updated = events.data[1];
    expect(updated?.data.previous_attributes).toEqual({ name: null, metadata: { b: null } });
    expect(updated?.request?.id).toMatch(/^req_/);
    const fetched = await stripe.events.retrieve(updated?.id ?? "");
    expect(fetched.id).toBe(updated?.id);
  });
});

describe("modes and authentication", () => {
  it("keeps test and live data apart", async () => {
    const live = stripeClient(emulator, "sk_live_x");
    const testCustomer = await stripe.customers.create({ email: "split@example.com" });
    expect(testCustomer.livemode).toBe(false);

    await expect(live.customers.retrieve(testCustomer.id)).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
    expect((await live.customers.list({ email: "split@example.com" })).data).toHaveLength(0);

    const liveCustomer = await live.customers.create({ email: "split@example.com" });
    expect(liveCustomer.livemode).toBe(true);
    expect((await stripe.customers.list({ email: "split@example.com" })).data.map((c) => c.id)).toEqual([
      testCustomer.id,
    ]);
  });

  it("rejects a missing or malformed key with a 401 authentication_error", async () => {
    const bad = stripeClient(emulator, "pk_test_wrong");
    const error = await bad.customers.list().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401 });

    const raw = await fetch(`${emulator.url}/v1/customers`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ error: { type: "authentication_error" } });
  });

  it("answers unknown routes with a Stripe-shaped 404", async () => {
    const response = await fetch(`${emulator.url}/v1/teleporters`, {
      headers: { Authorization: "Bearer sk_test_x" },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("Unrecognized request URL (GET: /v1/teleporters)");
  });
});
