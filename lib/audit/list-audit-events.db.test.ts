import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Ctx } from "@/lib/context";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { recordAuditEvent } from "./record-audit-event";
import { listAuditEvents } from "./list-audit-events";

async function record(ctx: Ctx, input: Parameters<typeof recordAuditEvent>[2]) {
  await db().$transaction((tx) => recordAuditEvent(tx, ctx, input));
}

describe("listAuditEvents", () => {
  it("pages newest first with a keyset cursor, without gaps or repeats", async () => {
    const ctx = await staffCtx("sandbox");
    const action = `test.${unique("page")}`;
    for (let i = 0; i < 5; i++) await record(ctx, { action, targetType: "thing", targetId: `t${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await listAuditEvents(ctx, { action, limit: 2, cursor });
      seen.push(...result.events.map((e) => e.targetId!));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(["t4", "t3", "t2", "t1", "t0"]);
  });

  it("shows the environment's events and those of no environment, never the other environment's", async () => {
    const sandbox = await staffCtx("sandbox");
    const action = `test.${unique("env")}`;
    await record(sandbox, { action, targetType: "x", targetId: "sandbox" });
    await record({ ...sandbox, env: "live" }, { action, targetType: "x", targetId: "live" });
    await record(sandbox, { action, targetType: "x", targetId: "global", env: null });
    const { events } = await listAuditEvents(sandbox, { action });
    expect(events.map((e) => e.targetId).sort()).toEqual(["global", "sandbox"]);
  });

  it("filters by actor label, action prefix and customer (id, external id or email)", async () => {
    const ctx = await staffCtx("sandbox");
    const other = await staffCtx("sandbox");
    const customer = await createTestCustomer();
    const prefix = `test.${unique("f")}`;
    await record(ctx, { action: `${prefix}.one`, targetType: "customer", targetId: customer.id, customerId: customer.id });
    await record(other, { action: `${prefix}.two`, targetType: "customer", targetId: "other" });

    const byActor = await listAuditEvents(ctx, { action: prefix, actor: ctx.actor.kind === "staff" ? ctx.actor.email.toUpperCase() : "" });
    expect(byActor.events.map((e) => e.action)).toEqual([`${prefix}.one`]);
    expect((await listAuditEvents(ctx, { action: `${prefix}.two` })).events).toHaveLength(1);
    for (const query of [customer.id, customer.externalId!, customer.email!.slice(0, 8)]) {
      const { events } = await listAuditEvents(ctx, { action: prefix, customer: query });
      expect(events.map((e) => e.targetId), query).toEqual([customer.id]);
    }
    expect((await listAuditEvents(ctx, { action: prefix, customer: "nobody-matches-this" })).events).toEqual([]);
    expect((await listAuditEvents(ctx, { action: prefix, actorKind: "api_key" })).events).toEqual([]);
  });

  it("refuses a cursor it did not make", async () => {
    const ctx = await staffCtx("sandbox");
    await expect(listAuditEvents(ctx, { cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_inputs", field: "cursor" });
  });

  it("is readable by staff, not by end customers", async () => {
    await expect(listAuditEvents({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
