// Outbound webhooks against a real HTTP receiver (node:http on an ephemeral port): signed
// deliveries that Standard Webhooks' own verify accepts, event-type filtering, environments that
// never mix, retries on the schedule while the receiver is down (time moved by hand, never slept),
// giving up after 24 hours, the delivery log, resend, and who may do what.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { getOrCreateCustomerRecord } from "@/lib/customers/get-or-create-customer";
import { updateCustomerRecord } from "@/lib/customers/update-customer";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { track } from "@/lib/balances/track";
import { check } from "@/lib/balances/check";
import { staffCtx, unique } from "@/tests/factories";
import { adminCtx } from "@/tests/factories/staff";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createMeteredPlan, enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  revealWebhookSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "./endpoints";
import { listWebhookDeliveries, resendWebhookDelivery, sendTestWebhookEvent } from "./deliveries";
import { deliverJobKey } from "./deliver";
import { importCustomers } from "@/lib/customers/import/customer-imports";
import { RETRY_DELAYS_MS, RETRY_WINDOW_MS } from "./retry-schedule";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./schemas";

// Endpoints are environment-wide: this file's would receive every other file's customers.
runOnOwnDatabase("webhooks_out");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the events are read field by field, as a receiver would
type Received = { headers: Record<string, string>; body: string; json: { type: string; timestamp: string; data: Record<string, any> } };

/** A local receiver: records what it gets, answers `status` (200 unless a test says otherwise). */
async function startReceiver(port = 0) {
  const received: Received[] = [];
  const state = { status: 200, answer: "ok" };
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ headers: request.headers as Record<string, string>, body, json: JSON.parse(body) });
      response.writeHead(state.status, { "content-type": "text/plain" });
      response.end(state.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  receivers.push(close);
  return { url: `http://127.0.0.1:${actualPort}/hooks`, port: actualPort, received, state, close };
}
const receivers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.allSettled(receivers.map((close) => close()));
});

let admin: Ctx;
let liveAdmin: Ctx;
beforeEach(async () => {
  admin ??= await adminCtx("sandbox");
  liveAdmin ??= { ...admin, env: "live" };
});

const endpointFor = (ctx: Ctx, url: string, eventTypes: WebhookEventType[] = [...WEBHOOK_EVENT_TYPES]) => createWebhookEndpoint(ctx, { url, eventTypes });
const newCustomer = (env: Env = "sandbox", email = `${unique("c")}@example.test`) =>
  getOrCreateCustomerRecord(apiKeyCtx(env), { customer_id: unique("user"), email, name: "Ada" }).then((result) => result.customer);
/** Every due job, as the worker would run them (fan-out first, then the deliveries it makes). */
const drain = async () => {
  for (let round = 0; round < 5; round++) if ((await runOutboxOnce({ limit: 200 })).done === 0) return;
};
/** Time moves on: the delivery's next attempt is due now. */
const makeDue = (deliveryId: string) => db().outboxJob.updateMany({ where: { dedupeKey: deliverJobKey(deliveryId), status: "pending" }, data: { runAfter: new Date(Date.now() - 1000) } });

function verified(secret: string, request: Received) {
  return new Webhook(secret).verify(request.body, {
    "webhook-id": request.headers["webhook-id"]!,
    "webhook-timestamp": request.headers["webhook-timestamp"]!,
    "webhook-signature": request.headers["webhook-signature"]!,
  }) as Received["json"];
}

describe("outbound webhooks", () => {
  it("delivers customer.created signed as Standard Webhooks specifies, and logs the delivery", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(admin, receiver.url, ["customer.created"]);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const customer = await newCustomer();
    await drain();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const event = verified(endpoint.secret, request!);
    expect(event.type).toBe("customer.created");
    expect(event.data.customer).toMatchObject({ id: customer.externalId, internal_id: customer.id, email: customer.email, name: "Ada", env: "sandbox" });
    expect(Date.parse(event.timestamp)).not.toBeNaN();
    expect(request!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(request!.headers["content-type"]).toBe("application/json");
    // A forged signature fails the same check.
    expect(() => verified(`whsec_${Buffer.alloc(24, 1).toString("base64")}`, request!)).toThrow();

    const { deliveries } = await listWebhookDeliveries(admin, { endpointId: endpoint.id });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ eventType: "customer.created", eventId: request!.headers["webhook-id"], status: "succeeded", attempts: 1, responseStatus: 200, responseBody: "ok", nextAttemptAt: null, lastError: null });
    expect(deliveries[0]!.durationMs).toBeGreaterThanOrEqual(0);
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("delivers customer.created for each customer a bulk import creates, and nothing for a dry run", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(admin, receiver.url, ["customer.created"]);
    const rows = [{ id: unique("imp"), name: "Imported Co", email: `${unique("imp")}@x.test` }, { email: `${unique("pending")}@x.test` }];
    await importCustomers(admin, { rows, dry_run: true });
    await drain();
    expect(receiver.received).toHaveLength(0);

    const applied = await importCustomers(admin, { rows });
    await drain();
    const events = receiver.received.map((request) => verified(endpoint.secret, request));
    expect(events.map((event) => event.type)).toEqual(["customer.created", "customer.created"]);
    expect(events.map((event) => event.data.customer.internal_id).sort()).toEqual(applied.rows.map((row) => row.customer_id).sort());
    expect(events.map((event) => event.data.customer.id).sort()).toEqual([rows[0]!.id, null].sort());
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("sends each endpoint only the event types it chose, one delivery per endpoint", async () => {
    const receiver = await startReceiver();
    const created = await endpointFor(admin, `${receiver.url}?e=created`, ["customer.created"]);
    const updated = await endpointFor(admin, `${receiver.url}?e=updated`, ["customer.updated"]);
    const disabled = await createWebhookEndpoint(admin, { url: `${receiver.url}?e=disabled`, eventTypes: [...WEBHOOK_EVENT_TYPES], enabled: false });
    const customer = await newCustomer();
    await updateCustomerRecord(admin, { customer_id: customer.externalId!, name: "Ada Lovelace", metadata: { tier: "gold" } });
    await drain();

    const byEndpoint = (id: string) => db().webhookDelivery.findMany({ where: { endpointId: id } });
    expect((await byEndpoint(created.id)).map((d) => d.eventType)).toEqual(["customer.created"]);
    expect((await byEndpoint(updated.id)).map((d) => d.eventType)).toEqual(["customer.updated"]);
    expect(await byEndpoint(disabled.id)).toEqual([]);
    const update = receiver.received.find((r) => r.json.type === "customer.updated")!;
    expect(verified(updated.secret, update).data).toMatchObject({ customer: { name: "Ada Lovelace", metadata: { tier: "gold" } }, changed_fields: ["name", "metadata"] });
    for (const endpoint of [created, updated, disabled]) await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("delivers plan enabled and canceled, a claim (how it was matched), and a balance's limit once per crossing", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(admin, receiver.url, ["customer.plan.enabled", "customer.plan.canceled", "customer.claimed", "balance.limit_reached"]);
    const { feature, plan } = await createMeteredPlan({ included: 3 });
    const customer = await newCustomer();
    const { customerPlan } = await enableTestPlan(customer.id, plan.id);
    const ctx = apiKeyCtx();
    await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 2 });
    await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 1 });
    // Past the limit, and refused checks: no second event.
    await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 1 });
    expect((await check(ctx, { customer_id: customer.externalId!, feature_id: feature.id, send_event: true })).allowed).toBe(false);
    await cancelCustomerPlan(admin, { customerPlanId: customerPlan.id });
    // A pending customer claimed through the API.
    const email = `${unique("pending")}@example.test`;
    await getOrCreateCustomerRecord(ctx, { customer_id: null, email });
    const claimedId = unique("user");
    await getOrCreateCustomerRecord(ctx, { customer_id: claimedId, email });
    await drain();

    const events = receiver.received.map((r) => verified(endpoint.secret, r));
    expect(events.map((e) => e.type).sort()).toEqual(["balance.limit_reached", "customer.claimed", "customer.plan.canceled", "customer.plan.enabled"]);
    const byType = Object.fromEntries(events.map((e) => [e.type, e.data]));
    expect(byType["customer.plan.enabled"]).toMatchObject({ customer: { id: customer.externalId }, plan: { plan_id: plan.id, status: "active" } });
    expect(byType["customer.plan.canceled"]).toMatchObject({ plan: { plan_id: plan.id, status: "canceled" } });
    expect(byType["balance.limit_reached"]).toMatchObject({ customer: { id: customer.externalId }, feature_id: feature.id, balance: { granted: 3, usage: 3, remaining: 0 } });
    expect(byType["customer.claimed"]).toMatchObject({ customer: { id: claimedId, email }, matched_by: "api" });
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("keeps sandbox and live apart: endpoints, events and logs", async () => {
    const receiver = await startReceiver();
    const live = await endpointFor(liveAdmin, `${receiver.url}?env=live`, ["customer.created"]);
    const sandbox = await endpointFor(admin, `${receiver.url}?env=sandbox`, ["customer.created"]);
    const sandboxCustomer = await newCustomer("sandbox");
    const liveCustomer = await newCustomer("live");
    await drain();

    const liveEvents = receiver.received.filter((r) => r.headers["webhook-id"] && verifiedOrNull(live.secret, r));
    expect(liveEvents.map((r) => r.json.data.customer.internal_id)).toEqual([liveCustomer.id]);
    const sandboxEvents = receiver.received.filter((r) => verifiedOrNull(sandbox.secret, r));
    expect(sandboxEvents.map((r) => r.json.data.customer.internal_id)).toEqual([sandboxCustomer.id]);

    expect((await listWebhookEndpoints(admin)).map((e) => e.id)).not.toContain(live.id);
    await expect(getWebhookEndpoint(admin, { id: live.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(listWebhookDeliveries(admin, { endpointId: live.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateWebhookEndpoint(admin, { id: live.id, url: receiver.url, eventTypes: ["customer.created"] })).rejects.toMatchObject({ code: "not_found" });
    await expect(revealWebhookSecret(admin, { id: live.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(sendTestWebhookEvent(admin, { id: live.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteWebhookEndpoint(admin, { id: live.id })).rejects.toMatchObject({ code: "not_found" });
    const [liveDelivery] = (await listWebhookDeliveries(liveAdmin, { endpointId: live.id })).deliveries;
    await expect(resendWebhookDelivery(admin, { id: liveDelivery!.id })).rejects.toMatchObject({ code: "not_found" });
    await deleteWebhookEndpoint(liveAdmin, { id: live.id });
    await deleteWebhookEndpoint(admin, { id: sandbox.id });
  });

  it("retries on the schedule while the receiver is down, and delivers once it is back", async () => {
    // A port that nothing listens on for now.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    const endpoint = await endpointFor(admin, `http://127.0.0.1:${port}/hooks`, ["customer.created"]);

    const first = await sendTestWebhookEvent(admin, { id: endpoint.id });
    expect(first).toMatchObject({ status: "pending", attempts: 1, responseStatus: null });
    expect(first.lastError).toMatch(/ECONNREFUSED/);
    expect(first.nextAttemptAt!.getTime() - first.lastAttemptAt!.getTime()).toBe(RETRY_DELAYS_MS[0]);
    // Not due yet: nothing is attempted.
    await drain();
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: first.id } })).attempts).toBe(1);

    await makeDue(first.id);
    await drain();
    const second = await db().webhookDelivery.findUniqueOrThrow({ where: { id: first.id } });
    expect(second).toMatchObject({ status: "pending", attempts: 2 });
    expect(second.nextAttemptAt!.getTime() - second.lastAttemptAt!.getTime()).toBe(RETRY_DELAYS_MS[1]);
    const job = await db().outboxJob.findFirstOrThrow({ where: { dedupeKey: deliverJobKey(first.id), status: "pending" } });
    expect(job.runAfter.getTime()).toBe(second.nextAttemptAt!.getTime());

    // The receiver comes back on the same port.
    const receiver = await startReceiver(port);
    await makeDue(first.id);
    await drain();
    const third = await db().webhookDelivery.findUniqueOrThrow({ where: { id: first.id } });
    expect(third).toMatchObject({ status: "succeeded", attempts: 3, responseStatus: 200, nextAttemptAt: null, lastError: null });
    expect(receiver.received).toHaveLength(1);
    expect(verified(endpoint.secret, receiver.received[0]!)).toMatchObject({ type: "webhook.test" });
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(first.eventId);
    expect(await db().outboxJob.count({ where: { dedupeKey: deliverJobKey(first.id), status: "pending" } })).toBe(0);
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("gives up 24 hours after the first attempt, and resend sends the same event again", async () => {
    const receiver = await startReceiver();
    receiver.state.status = 500;
    receiver.state.answer = "x".repeat(5000);
    const endpoint = await endpointFor(admin, receiver.url, ["customer.created"]);
    const delivery = await sendTestWebhookEvent(admin, { id: endpoint.id });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500, lastError: "HTTP 500" });
    expect(delivery.responseBody).toHaveLength(1000);

    // A day later: the last attempt fails too, and nothing more is scheduled.
    await db().webhookDelivery.update({ where: { id: delivery.id }, data: { firstAttemptAt: new Date(Date.now() - RETRY_WINDOW_MS - 1000) } });
    await makeDue(delivery.id);
    await drain();
    const failed = await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 2, nextAttemptAt: null, responseStatus: 500 });
    expect(await db().outboxJob.count({ where: { dedupeKey: deliverJobKey(delivery.id), status: "pending" } })).toBe(0);

    receiver.state.status = 204;
    receiver.state.answer = "";
    const resent = await resendWebhookDelivery(admin, { id: delivery.id });
    expect(resent).toMatchObject({ status: "succeeded", attempts: 1, responseStatus: 204, resendOfId: delivery.id, eventId: delivery.eventId });
    expect(receiver.received.at(-1)!.headers["webhook-id"]).toBe(delivery.eventId);
    // The resend's fallback job, once due, finds it delivered and sends nothing more.
    const sent = receiver.received.length;
    await makeDue(resent.id);
    await drain();
    expect(receiver.received).toHaveLength(sent);
    const log = await listWebhookDeliveries(admin, { endpointId: endpoint.id });
    expect(log.deliveries.map((d) => [d.id, d.status])).toEqual([
      [resent.id, "succeeded"],
      [delivery.id, "failed"],
    ]);
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("edits, rotates and reveals the secret, and audits each", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(admin, receiver.url, ["customer.created"]);
    const edited = await updateWebhookEndpoint(admin, { id: endpoint.id, url: `${receiver.url}/v2`, description: "CRM", eventTypes: ["customer.updated", "customer.updated"], enabled: false });
    expect(edited).toMatchObject({ url: `${receiver.url}/v2`, description: "CRM", eventTypes: ["customer.updated"], enabled: false });
    expect((await revealWebhookSecret(admin, { id: endpoint.id })).secret).toBe(endpoint.secret);
    const rotated = await rotateWebhookSecret(admin, { id: endpoint.id });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect((await revealWebhookSecret(admin, { id: endpoint.id })).secret).toBe(rotated.secret);
    const actions = await db().auditEvent.findMany({ where: { targetId: endpoint.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual([
      "webhook_endpoint.created",
      "webhook_endpoint.updated",
      "webhook_endpoint.secret_revealed",
      "webhook_endpoint.secret_rotated",
      "webhook_endpoint.secret_revealed",
    ]);
    await expect(createWebhookEndpoint(admin, { url: "ftp://example.test/x", eventTypes: ["customer.created"] })).rejects.toMatchObject({ name: "ZodError" });
    await expect(createWebhookEndpoint(admin, { url: "https://example.test/x", eventTypes: [] })).rejects.toMatchObject({ name: "ZodError" });
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });

  it("lets only admins manage endpoints and their deliveries (not staff, not API keys)", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(admin, receiver.url, ["customer.created"]);
    const delivery = await sendTestWebhookEvent(admin, { id: endpoint.id });
    const others: Ctx[] = [await staffCtx("sandbox", "staff"), apiKeyCtx("sandbox"), { env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }];
    for (const ctx of others) {
      const attempts = [
        createWebhookEndpoint(ctx, { url: receiver.url, eventTypes: ["customer.created"] }),
        updateWebhookEndpoint(ctx, { id: endpoint.id, url: receiver.url, eventTypes: ["customer.created"] }),
        deleteWebhookEndpoint(ctx, { id: endpoint.id }),
        listWebhookEndpoints(ctx),
        getWebhookEndpoint(ctx, { id: endpoint.id }),
        revealWebhookSecret(ctx, { id: endpoint.id }),
        rotateWebhookSecret(ctx, { id: endpoint.id }),
        listWebhookDeliveries(ctx, { endpointId: endpoint.id }),
        resendWebhookDelivery(ctx, { id: delivery.id }),
        sendTestWebhookEvent(ctx, { id: endpoint.id }),
      ];
      for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await db().webhookEndpoint.findUnique({ where: { id: endpoint.id } })).toMatchObject({ secret: endpoint.secret });
    await deleteWebhookEndpoint(admin, { id: endpoint.id });
  });
});

function verifiedOrNull(secret: string, request: Received) {
  try {
    return verified(secret, request);
  } catch {
    return null;
  }
}
