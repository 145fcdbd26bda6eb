// balances.create/update/delete, batchTrack, events.list and events.aggregate through the official
// SDK (autumn-js 1.3.13, failOpen: false: it validates every answer with its own schemas, so a
// wrong shape fails here as it would in an application), and the events routes through the SDK's
// backend handler (autumn-js/backend), exactly as the React hooks call it. The route handlers run
// behind a loopback HTTP server; the SDK is given its origin.
import { describe, expect, it } from "vitest";
import { AutumnError } from "autumn-js";
import { autumnHandler } from "autumn-js/backend";
import { db } from "@/lib/db";
import { createTestCustomer } from "@/tests/factories";
import { createMeteredPlan, createTestFeature, enableTestPlan } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import * as balancesCreate from "./balances.create/route";
import * as balancesUpdate from "./balances.update/route";
import * as balancesDelete from "./balances.delete/route";
import * as batchTrack from "./balances.batch_track/route";
import * as check from "./balances.check/route";
import * as track from "./balances.track/route";
import * as eventsList from "./events.list/route";
import * as eventsAggregate from "./events.aggregate/route";
import * as customersGet from "./customers.get/route";

const { autumn, url, secretKey } = await setupSdkApi({
  "balances.create": balancesCreate,
  "balances.update": balancesUpdate,
  "balances.delete": balancesDelete,
  "balances.batch_track": batchTrack,
  "balances.check": check,
  "balances.track": track,
  "events.list": eventsList,
  "events.aggregate": eventsAggregate,
  "customers.get": customersGet,
});

async function apiError(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AutumnError);
  const { statusCode, body } = error as AutumnError;
  const parsed = JSON.parse(body) as { code: string; message: string };
  return { status: statusCode, code: parsed.code, message: parsed.message };
}

const at = (iso: string) => new Date(iso).getTime();

describe("balances through the SDK", () => {
  it("creates a balance outside any plan, counted by check; a second with the same balance_id is 409", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(customer.id, plan.id);

    expect(await autumn.balances.create({ customerId, featureId: feature.id, includedGrant: 5, balanceId: "goodwill", reset: { interval: "month" } })).toEqual({ success: true });
    const checked = await autumn.check({ customerId, featureId: feature.id });
    expect(checked.balance).toMatchObject({ granted: 15, remaining: 15, usage: 0 });
    // The customer object (validated by the SDK) shows it as a source of its own, with no plan.
    const shown = await autumn.customers.get({ customerId });
    expect(shown.balances[feature.id]).toMatchObject({ granted: 15 });
    expect(shown.balances[feature.id]!.breakdown).toEqual(expect.arrayContaining([expect.objectContaining({ planId: null, includedGrant: 5, reset: expect.objectContaining({ interval: "month" }) })]));

    expect(await apiError(autumn.balances.create({ customerId, featureId: feature.id, includedGrant: 1, balanceId: "goodwill" }))).toMatchObject({
      status: 409,
      code: "balance_already_exists",
    });
    expect(await apiError(autumn.balances.create({ customerId, featureId: feature.id, includedGrant: 1, unlimited: true }))).toMatchObject({
      status: 400,
      code: "invalid_inputs",
      message: "included_grant: cannot be combined with unlimited",
    });
    expect(await apiError(autumn.balances.create({ customerId: "nobody_here", featureId: feature.id, includedGrant: 1 }))).toMatchObject({ status: 404, code: "customer_not_found" });

    // A balance alone (no plan) with an expiry: counted until then.
    const other = await createTestCustomer();
    const expiresAt = Date.now() + 86_400_000;
    await autumn.balances.create({ customerId: other.externalId!, featureId: feature.id, includedGrant: 3, expiresAt });
    const alone = await autumn.check({ customerId: other.externalId!, featureId: feature.id, requiredBalance: 3 });
    expect(alone).toMatchObject({ allowed: true, balance: { granted: 3, remaining: 3 } });
  });

  it("updates remaining, usage and the granted amount; targets one balance by balance_id", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);
    await autumn.track({ customerId, featureId: feature.id, value: 30 });

    expect(await autumn.balances.update({ customerId, featureId: feature.id, remaining: 50 })).toEqual({ success: true });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 100, usage: 50, remaining: 50 });

    await autumn.balances.update({ customerId, featureId: feature.id, usage: 0 });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ usage: 0, remaining: 100 });

    await autumn.balances.update({ customerId, featureId: feature.id, addToBalance: 20 });
    await autumn.balances.update({ customerId, featureId: feature.id, includedGrant: 200 });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 200, remaining: 200 });

    // More left than granted: the grant grows.
    await autumn.balances.update({ customerId, featureId: feature.id, remaining: 250 });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 250, usage: 0, remaining: 250 });

    await autumn.balances.create({ customerId, featureId: feature.id, includedGrant: 10, balanceId: "extra" });
    await autumn.balances.update({ customerId, featureId: feature.id, balanceId: "extra", usage: 4 });
    const both = await autumn.check({ customerId, featureId: feature.id });
    expect(both.balance).toMatchObject({ granted: 260, usage: 4 });
    expect(await db().grant.findFirstOrThrow({ where: { customerId: customer.id, balanceId: "extra" } })).toMatchObject({ granted: 10, usage: 4, customerPlanId: null });

    expect(await apiError(autumn.balances.update({ customerId, featureId: feature.id, remaining: 1, addToBalance: 1 }))).toMatchObject({ status: 400, code: "invalid_inputs" });
    expect(await apiError(autumn.balances.update({ customerId, featureId: feature.id, balanceId: "nope", usage: 1 }))).toMatchObject({ status: 404, code: "balance_not_found" });
    const unused = await createTestFeature();
    expect(await apiError(autumn.balances.update({ customerId, featureId: unused.id, usage: 1 }))).toMatchObject({ status: 404, code: "balance_not_found" });
  });

  it("deletes a granted balance; a plan's balance is refused with the reason", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(customer.id, plan.id);
    await autumn.balances.create({ customerId, featureId: feature.id, includedGrant: 5, balanceId: "bonus" });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 15 });

    expect(await autumn.balances.delete({ customerId, balanceId: "bonus" })).toEqual({ success: true });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 10 });
    expect(await apiError(autumn.balances.delete({ customerId, featureId: feature.id }))).toMatchObject({ status: 404, code: "balance_not_found" });

    const planGrant = await db().grant.findFirstOrThrow({ where: { customerId: customer.id, customerPlanId: { not: null } } });
    const refused = await apiError(autumn.balances.delete({ customerId, balanceId: planGrant.id }));
    expect(refused).toMatchObject({ status: 400, code: "invalid_request" });
    expect(refused.message).toContain(`comes with plan ${plan.id}`);
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ granted: 10 });
  });

  it("batch-tracks (202), and refuses a batch with an unknown customer whole", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);

    expect(
      await autumn.batchTrack([
        { customerId, featureId: feature.id, value: 2, properties: { model: "a" } },
        { customerId, featureId: feature.id, value: 3 },
      ]),
    ).toEqual({ success: true });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ usage: 5 });

    const refused = await apiError(autumn.batchTrack([{ customerId, featureId: feature.id, value: 1 }, { customerId: "nobody_here", featureId: feature.id }]));
    expect(refused).toMatchObject({ status: 404, code: "customer_not_found", message: "Customer nobody_here not found (item 1)" });
    expect((await autumn.check({ customerId, featureId: feature.id })).balance).toMatchObject({ usage: 5 });
    expect(await apiError(autumn.batchTrack([{ customerId, value: 1 }]))).toMatchObject({ status: 400, code: "invalid_inputs" });
  });
});

describe("events through the SDK and its backend handler", () => {
  async function customerWithEvents() {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { feature, plan } = await createMeteredPlan({ included: 1000 });
    const other = await createTestFeature();
    await enableTestPlan(customer.id, plan.id);
    const tracks: [string, number, string][] = [
      ["2026-01-05T10:15:00Z", 1, "gpt"],
      ["2026-01-05T23:59:00Z", 2, "claude"],
      ["2026-01-06T00:30:00Z", 4, "gpt"],
      ["2026-01-08T12:00:00Z", 8, "llama"],
    ];
    for (const [when, value, model] of tracks) await autumn.track({ customerId, featureId: feature.id, value, properties: { model }, timestamp: at(when) });
    await autumn.track({ customerId, featureId: other.id, value: 100, timestamp: at("2026-01-06T00:00:00Z") });
    await autumn.check({ customerId, featureId: feature.id, requiredBalance: 16, sendEvent: true, properties: { model: "gpt" } });
    return { customerId, feature, other };
  }

  it("lists events newest first with their properties, filtered and paged", async () => {
    const { customerId, feature, other } = await customerWithEvents();
    const all = await autumn.events.list({ customerId });
    expect(all.nextCursor).toBeNull();
    expect(all.list.map((e) => e.value)).toEqual([16, 8, 4, 100, 2, 1]);
    expect(all.list[0]).toMatchObject({ customerId, featureId: feature.id, properties: { model: "gpt" }, deductions: null });
    expect(all.list[1]).toMatchObject({ timestamp: at("2026-01-08T12:00:00Z"), properties: { model: "llama" } });

    const first = await autumn.events.list({ customerId, featureId: feature.id, limit: 2, customRange: { end: at("2026-01-09T00:00:00Z") } });
    expect(first.list.map((e) => e.value)).toEqual([8, 4]);
    const second = await autumn.events.list({ customerId, featureId: [feature.id], limit: 2, startCursor: first.nextCursor!, customRange: { end: at("2026-01-09T00:00:00Z") } });
    expect(second.list.map((e) => e.value)).toEqual([2, 1]);
    expect(second.nextCursor).toBeNull();
    expect((await autumn.events.list({ customerId, featureId: other.id })).list.map((e) => e.value)).toEqual([100]);

    expect(await apiError(autumn.events.list({ customerId, startCursor: "garbage" }))).toMatchObject({ status: 400, code: "invalid_inputs" });
    expect(await apiError(autumn.events.list({ customerId: "nobody_here" }))).toMatchObject({ status: 404, code: "customer_not_found" });
  });

  it("aggregates per feature and day, week or month, optionally grouped by a property", async () => {
    const { customerId, feature, other } = await customerWithEvents();
    const customRange = { start: at("2026-01-05T00:00:00Z"), end: at("2026-01-09T00:00:00Z") };
    const daily = await autumn.events.aggregate({ customerId, featureId: [feature.id, other.id], customRange, binSize: "day" });
    expect(daily.list.map((bin) => [new Date(bin.period).toISOString().slice(0, 10), bin.values[feature.id], bin.values[other.id]])).toEqual([
      ["2026-01-05", 3, 0],
      ["2026-01-06", 4, 100],
      ["2026-01-07", 0, 0],
      ["2026-01-08", 8, 0],
    ]);
    expect(daily.total).toEqual({ [feature.id]: { count: 4, sum: 15 }, [other.id]: { count: 1, sum: 100 } });

    // A range that cuts hours: the cut parts are read from the events.
    const cut = await autumn.events.aggregate({ customerId, featureId: feature.id, customRange: { start: at("2026-01-05T10:20:00Z"), end: at("2026-01-06T00:31:00Z") }, binSize: "day" });
    expect(cut.total[feature.id]).toEqual({ count: 2, sum: 6 });

    const weekly = await autumn.events.aggregate({ customerId, featureId: feature.id, customRange, binSize: "week" });
    // 2026-01-05 is a Monday: one week bin.
    expect(weekly.list).toEqual([{ period: at("2026-01-05T00:00:00Z"), values: { [feature.id]: 15 } }]);

    const grouped = await autumn.events.aggregate({ customerId, featureId: feature.id, customRange, binSize: "month", groupBy: "properties.model", maxGroups: 2 });
    expect(grouped.list).toEqual([{ period: at("2026-01-01T00:00:00Z"), values: { [feature.id]: 15 }, groupedValues: { [feature.id]: { llama: 8, gpt: 5, Other: 2 } } }]);
    const filtered = await autumn.events.aggregate({ customerId, featureId: feature.id, customRange, binSize: "month", filterBy: { model: "gpt" } });
    expect(filtered.total[feature.id]).toEqual({ count: 2, sum: 5 });

    // The preset ranges end with the current bin: today's consuming check is in the last day.
    const recent = await autumn.events.aggregate({ customerId, featureId: feature.id, range: "7d", binSize: "day" });
    expect(recent.list).toHaveLength(7);
    expect(recent.list.at(-1)!.values[feature.id]).toBe(16);

    expect(await apiError(autumn.events.aggregate({ customerId, featureId: feature.id, binSize: "day" }))).toMatchObject({ status: 400, code: "invalid_inputs" });
    expect(await apiError(autumn.events.aggregate({ customerId, featureId: "nope_feature", range: "30d" }))).toMatchObject({ status: 404, code: "feature_not_found" });
  });

  it("answers the backend handler's listEvents and aggregateEvents as the React hooks call them", async () => {
    const { customerId, feature } = await customerWithEvents();
    const handle = (route: string, customer: string, body: unknown) =>
      autumnHandler({ request: { url: `/api/autumn/${route}`, method: "POST", body }, customerId: customer, clientOptions: { secretKey: secretKey(), baseURL: url } });

    const listed = await handle("listEvents", customerId, { featureId: feature.id, limit: 3 });
    expect(listed.statusCode).toBe(200);
    expect(listed.response).toMatchObject({ list: [{ value: 16 }, { value: 8 }, { value: 4 }], nextCursor: expect.any(String) });

    const aggregated = await handle("aggregateEvents", customerId, { featureId: feature.id, range: "30d", binSize: "day" });
    expect(aggregated.statusCode).toBe(200);
    const response = aggregated.response as { list: { values: Record<string, number> }[]; total: Record<string, { sum: number }> };
    expect(response.list).toHaveLength(30);
    expect(response.list.at(-1)!.values[feature.id]).toBe(16);

    // Another customer's handler sees none of these events.
    const stranger = await createTestCustomer();
    expect((await handle("listEvents", stranger.externalId!, {})).response).toEqual({ list: [], nextCursor: null });
  });
});
