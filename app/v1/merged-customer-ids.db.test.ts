// A customer merged into another (lib/customers/merge-customers.ts) keeps answering through /v1:
// its id and its internal id name the survivor in get, get-or-create, check and track.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestApiKey, createTestCustomer, staffCtx } from "@/tests/factories";
import { apiRequest, routeParams } from "@/tests/factories/customers";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { mergeCustomers } from "@/lib/customers/merge-customers";
import { GET as getCustomerRoute } from "./customers/[id]/route";
import { POST as getOrCreateRoute } from "./customers/route";
import { POST as checkRoute } from "./check/route";
import { POST as trackRoute } from "./track/route";
import { POST as batchTrackRoute } from "./balances.batch_track/route";

describe("a merged customer's ids in /v1", () => {
  it("answer as the survivor in get, get-or-create, check and track", async () => {
    const key = await createTestApiKey();
    const merged = await createTestCustomer();
    const pending = await createTestCustomer({ externalId: null });
    const survivor = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(survivor.id, plan.id);
    await mergeCustomers(await staffCtx(), { customer_id: merged.id, into: survivor.id });
    await mergeCustomers(await staffCtx(), { customer_id: pending.id, into: survivor.id });

    for (const ref of [merged.externalId!, merged.id, pending.id]) {
      const got = await getCustomerRoute(apiRequest(`/v1/customers/${ref}`, { method: "GET", secret: key.secret }), routeParams({ id: ref }));
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ id: survivor.externalId, email: survivor.email });
    }

    // get-or-create with the old id returns the survivor rather than creating a customer again.
    const again = await getOrCreateRoute(apiRequest("/v1/customers", { secret: key.secret, body: { customer_id: merged.externalId, name: "Whoever" } }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: survivor.externalId });
    expect(await db().customer.count({ where: { env: "sandbox", externalId: merged.externalId } })).toBe(0);

    const tracked = await trackRoute(apiRequest("/v1/track", { secret: key.secret, body: { customer_id: merged.externalId, feature_id: feature.id, value: 3 } }));
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toMatchObject({ customer_id: survivor.externalId });
    const batch = await batchTrackRoute(
      apiRequest("/v1/balances.batch_track", { secret: key.secret, body: [{ customer_id: pending.id, feature_id: feature.id, value: 1 }] }),
    );
    expect(batch.status).toBeLessThan(300);

    const checked = await checkRoute(apiRequest("/v1/check", { secret: key.secret, body: { customer_id: merged.id, feature_id: feature.id } }));
    expect(checked.status).toBe(200);
    expect(await checked.json()).toMatchObject({ allowed: true, customer_id: survivor.externalId, balance: { usage: 4, remaining: 6 } });
    expect(await db().usageEvent.count({ where: { customerId: survivor.id } })).toBe(2);
  });

  it("an id that was never a customer's is still customer_not_found", async () => {
    const key = await createTestApiKey();
    const response = await checkRoute(apiRequest("/v1/check", { secret: key.secret, body: { customer_id: "never_was", feature_id: "x" } }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "customer_not_found" });
  });
});
