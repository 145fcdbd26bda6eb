import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { formActions, setupTestEmulator, submitForm } from "./test-support";

const { emulator, stripe } = await setupTestEmulator();

/** Runs a full hosted checkout and returns the resulting subscription. */
async function subscribe(email = "sub@example.com"): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const customer = await stripe.customers.create({ email });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    success_url: "http://localhost:3000/ok",
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Starter" }, recurring: { interval: "month" } },
      },
    ],
  });
  const html = await (await fetch(session.url ?? "")).text();
  const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
  expect((await submitForm(emulator.url, action)).status).toBe(303);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  const subscription = await stripe.subscriptions.retrieve(String(completed.subscription));
  return { customer, subscription };
}

describe("subscriptions", () => {
  it("updates cancel_at_period_end and metadata, emitting customer.subscription.updated", async () => {
    const { subscription } = await subscribe();
    const updated = await stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      metadata: { reason: "too expensive" },
    });
    expect(updated.cancel_at_period_end).toBe(true);
    expect(updated.cancel_at).toBe(updated.items.data[0]?.current_period_end);
    expect(updated.status).toBe("active");
    expect(updated.metadata).toEqual({ reason: "too expensive" });

    const [event] = (await stripe.events.list({ type: "customer.subscription.updated" })).data;
    expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });

    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at).toBeNull();
  });

  it("cancels with DELETE and hides canceled subscriptions from the default list", async () => {
    const { customer, subscription } = await subscribe();
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).not.toBeNull();
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);
    expect((await stripe.events.list({ type: "customer.subscription.deleted" })).data).toHaveLength(1);
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it("simulates a failed renewal over HTTP, then recovers by paying the invoice", async () => {
    const { subscription } = await subscribe();
    const response = await fetch(`${emulator.url}/_emulator/subscriptions/${subscription.id}/fail_payment`, {
      method: "POST",
    });
    expect(response.status).toBe(200);
    const { invoice } = (await response.json()) as { invoice: Stripe.Invoice };
    expect(invoice).toMatchObject({ status: "open", billing_reason: "subscription_cycle", amount_paid: 0, attempted: true });

    const pastDue = await stripe.subscriptions.retrieve(subscription.id);
    expect(pastDue.status).toBe("past_due");
    expect(pastDue.latest_invoice).toBe(invoice.id);
    expect(pastDue.items.data[0]?.current_period_start).toBe(subscription.items.data[0]?.current_period_end);

    const failed = (await stripe.events.list({ type: "invoice.payment_failed" })).data;
    expect(failed).toHaveLength(1);
    const [updatedEvent] = (await stripe.events.list({ type: "customer.subscription.updated" })).data;
    expect(updatedEvent?.data.previous_attributes).toMatchObject({ status: "active" });

    const paid = await stripe.invoices.pay(invoice.id);
    expect(paid.status).toBe("paid");
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("renews a period in-process, and ends a subscription set to cancel at period end", async () => {
    const { subscription } = await subscribe();
    const renewed = emulator.renewSubscription(subscription.id);
    expect(renewed.invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle" });
    expect(renewed.subscription.items.data[0]?.current_period_start).toBe(subscription.items.data[0]?.current_period_end);

    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const ended = emulator.renewSubscription(subscription.id);
    expect(ended.invoice).toBeNull();
    expect(ended.subscription.status).toBe("canceled");
  });

  it("expands ids in single objects and in lists", async () => {
    const { customer, subscription } = await subscribe();
    const listed = await stripe.subscriptions.list({
      customer: customer.id,
      expand: ["data.customer", "data.latest_invoice", "data.items.data.price.product"],
    });
    const [expanded] = listed.data;
    expect(expanded?.customer).toMatchObject({ object: "customer", id: customer.id });
    expect(expanded?.latest_invoice).toMatchObject({ object: "invoice", status: "paid" });
    expect(expanded?.items.data[0]?.price.product).toMatchObject({ object: "product", name: "Starter" });

    const withSubscriptions = await stripe.customers.retrieve(customer.id, { expand: ["subscriptions"] });
    if (withSubscriptions.deleted) throw new Error("customer deleted");
    expect(withSubscriptions.subscriptions?.data.map((sub) => sub.id)).toEqual([subscription.id]);

    await expect(
      stripe.subscriptions.retrieve(subscription.id, { expand: ["no_such_field"] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "expand" });
  });

  it("rejects subscription changes the emulator cannot model", async () => {
    const { subscription } = await subscribe();
    await expect(
      stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: "void" } }),
    ).rejects.toMatchObject({ statusCode: 400, param: "pause_collection" });
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ price: "price_x" }] }),
    ).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "items[0][price]" });
  });

  it("deleting the customer cancels its subscriptions", async () => {
    const { customer, subscription } = await subscribe();
    await stripe.customers.del(customer.id);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
  });
});

describe("billing portal", () => {
  it("lists the customer's subscriptions, cancels one and links back", async () => {
    const { customer, subscription } = await subscribe("portal@example.com");
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://localhost:3000/settings/billing",
    });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: customer.id, livemode: false });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${emulator.url}/billing_portal/${portal.id}`);

    const page = await fetch(portal.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Starter");
    expect(html).toContain("portal@example.com");
    expect(html).toContain('href="http://localhost:3000/settings/billing"');
    expect(html).toContain("Cancel subscription");

    const action = formActions(html)[0] ?? "";
    const response = await submitForm(emulator.url, action, { subscription: subscription.id });
    expect(response.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
    const deleted = await stripe.events.list({ type: "customer.subscription.deleted" });
    expect(deleted.data[0]?.data.object).toMatchObject({ id: subscription.id, status: "canceled" });

    const after = await (await fetch(new URL(response.headers.get("location") ?? "", emulator.url))).text();
    expect(after).toContain("No active subscriptions");
  });

  it("requires an existing customer", async () => {
    await expect(stripe.billingPortal.sessions.create({ customer: "cus_nobody" })).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "customer",
    });
  });
});
