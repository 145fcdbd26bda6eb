// Turning the portal's self-serve cancel off or on is a customer edit: like a rename it reaches
// the environment's webhook endpoints as customer.updated (an outbox job in the same transaction).
// Its own database: a webhook endpoint listens for the whole environment.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { PUBLIC_EVENT_PUBLISHED } from "@/lib/outbox/public-events";
import { setSelfServeCancel } from "./self-serve-cancel";

runOnOwnDatabase("self-serve-cancel-events");

type Published = { type: string; data: { customer: { id: string }; changed_fields: string[] } };
const published = async () =>
  (await db().outboxJob.findMany({ where: { kind: PUBLIC_EVENT_PUBLISHED }, orderBy: { createdAt: "asc" } })).map((job) => job.payload as unknown as Published);

describe("setSelfServeCancel announces the edit", () => {
  it("emits customer.updated with self_serve_cancel changed, once per real change", async () => {
    await db().webhookEndpoint.create({ data: { id: newId("wep"), env: "sandbox", url: "http://127.0.0.1:9/hook", secret: "whsec_test", eventTypes: ["customer.updated"] } });
    const ctx = await staffCtx();
    const customer = await createTestCustomer();
    const before = (await published()).length;

    await setSelfServeCancel(ctx, { customerId: customer.id, enabled: false });
    await setSelfServeCancel(ctx, { customerId: customer.id, enabled: false }); // no change: nothing sent
    await setSelfServeCancel(ctx, { customerId: customer.id, enabled: true });

    const events = (await published()).slice(before);
    expect(events.map((event) => [event.type, event.data.changed_fields])).toEqual([
      ["customer.updated", ["self_serve_cancel"]],
      ["customer.updated", ["self_serve_cancel"]],
    ]);
    expect(events[0]!.data.customer.id).toBe(customer.externalId);
  });
});
