// Per-entity plan items (Autumn's entity_feature_id, issue 15 item 4) through the catalog: set by
// plans.create and plans.update, read back by plans.get and plans.list, refused when the feature
// they name cannot have entities, and kept by a new plan version.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { check } from "@/lib/balances/check";
import { track } from "@/lib/balances/track";
import { createEntity } from "@/lib/entities/create-entity";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, enableTestPlan } from "@/tests/factories/entitlements";
import { createPlanApiSchema, updatePlanApiSchema } from "./api-schemas";
import { createPlan } from "./create-plan";
import { updatePlan } from "./update-plan";
import { getPlan } from "./get-plan";
import { listPlans } from "./list-plans";
import { apiPlanSchema, toApiPlan } from "./plan-object";

const ctx = systemCtx("sandbox", "test");

/** A seats feature, a messages feature, and a plan (created over the wire schema) granting messages per seat. */
async function perSeatPlan() {
  const seats = await createTestFeature({ type: "continuous_use" });
  const messages = await createTestFeature({ type: "single_use" });
  const planId = unique("team");
  const plan = await createPlan(
    ctx,
    createPlanApiSchema.parse({
      plan_id: planId,
      name: "Team",
      items: [
        { feature_id: seats.id, included: 5 },
        { feature_id: messages.id, included: 10, reset: { interval: "month" }, entity_feature_id: seats.id },
      ],
    }),
  );
  return { seats, messages, plan, planId };
}

describe("per-entity plan items", () => {
  it("plans.create stores entity_feature_id; plans.get and plans.list return it; each entity of a customer gets its own balance", async () => {
    const { seats, messages, plan, planId } = await perSeatPlan();
    const item = plan.items.find((i) => i.featureId === messages.id)!;
    expect(item).toMatchObject({ entityFeatureId: seats.id, entityFeaturePk: seats.pk });
    expect(plan.items.find((i) => i.featureId === seats.id)).toMatchObject({ entityFeaturePk: null });

    const api = apiPlanSchema.parse(toApiPlan(await getPlan(ctx, { planId }), "sandbox"));
    expect(api.items.find((i) => i.feature_id === messages.id)).toMatchObject({ entity_feature_id: seats.id, included: 10 });
    expect(api.items.find((i) => i.feature_id === seats.id)).not.toHaveProperty("entity_feature_id");
    const listed = (await listPlans(ctx)).find((p) => p.id === planId)!;
    expect(listed.items.find((i) => i.featureId === messages.id)?.entityFeatureId).toBe(seats.id);

    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    await enableTestPlan(customer.id, planId);
    await createEntity(ctx, { customer_id: customerId, entity_id: "alice", feature_id: seats.id });
    await createEntity(ctx, { customer_id: customerId, entity_id: "bob", feature_id: seats.id });
    await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "alice", value: 3 });

    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "alice" })).toMatchObject({
      allowed: true,
      entity_id: "alice",
      balance: { granted: 10, usage: 3, remaining: 7 },
    });
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "bob" })).toMatchObject({
      entity_id: "bob",
      balance: { granted: 10, usage: 0, remaining: 10 },
    });
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id })).toMatchObject({ balance: { granted: 20, usage: 3, remaining: 17 } });
  });

  it("refuses an entity feature that does not exist, is not continuous-use, or is the item's own feature (400 invalid_inputs, nothing written)", async () => {
    const seats = await createTestFeature({ type: "continuous_use" });
    const messages = await createTestFeature({ type: "single_use" });
    const sso = await createTestFeature({ type: "boolean" });
    const cases = [
      { entity: "no_such_feature", item: messages.id, message: /feature no_such_feature does not exist/ },
      { entity: messages.id, item: seats.id, message: /is not a continuous-use feature/ },
      { entity: sso.id, item: messages.id, message: /is not a continuous-use feature/ },
      { entity: seats.id, item: seats.id, message: /cannot be granted per entity of itself/ },
    ];
    for (const { entity, item, message } of cases) {
      const planId = unique("bad");
      const attempt = createPlan(ctx, createPlanApiSchema.parse({ plan_id: planId, name: "Bad", items: [{ feature_id: item, included: 1, entity_feature_id: entity }] }));
      await expect(attempt).rejects.toMatchObject({ code: "invalid_inputs", status: 400, field: "items.0.entityFeatureId", message: expect.stringMatching(message) });
      expect(await db().plan.findFirst({ where: { env: "sandbox", planId } })).toBeNull();
    }
  });

  it("an edit once a customer has the plan makes a new version that keeps the per-entity link; null removes it", async () => {
    const { seats, messages, planId } = await perSeatPlan();
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, planId);

    // The dashboard's and the API's edit of the items: the per-entity item is not mentioned.
    const edited = await updatePlan(
      ctx,
      updatePlanApiSchema.parse({ plan_id: planId, items: [{ feature_id: seats.id, included: 5 }, { feature_id: messages.id, included: 25, reset: { interval: "month" } }] }),
    );
    expect(edited.version).toBe(2);
    expect(edited.items.find((i) => i.featureId === messages.id)).toMatchObject({ included: 25, entityFeatureId: seats.id, entityFeaturePk: seats.pk });
    // A price edit (items copied from the current version) keeps it too.
    const repriced = await updatePlan(ctx, { planId, price: { amount: 900, currency: "usd", interval: "month" }, forceVersion: true });
    expect(repriced.version).toBe(3);
    expect(repriced.items.find((i) => i.featureId === messages.id)?.entityFeatureId).toBe(seats.id);

    // A customer enabled on the newest version is granted per entity.
    const later = await createTestCustomer();
    await enableTestPlan(later.id, planId);
    const grant = await db().grant.findFirstOrThrow({ where: { customerId: later.id, feature: { featureId: messages.id } } });
    expect(grant).toMatchObject({ entityFeaturePk: seats.pk, granted: 25 });

    const cleared = await updatePlan(ctx, { planId, items: [{ featureId: messages.id, included: 25, resetInterval: "month", entityFeatureId: null }] });
    expect(cleared.items).toEqual([expect.objectContaining({ featureId: messages.id, entityFeaturePk: null })]);
    expect(cleared.items[0]?.entityFeatureId ?? null).toBeNull();
  });
});
