// The data the fuzz runs aim at: customers with plans and balances, customers that may be
// deleted, features, plans, and two guarded customers the generated requests must never change
// (one in the other environment under the very same id, one in this environment whose id the
// generators cannot know).
import type { Env } from "@/lib/generated/prisma";
import { db, pool } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { createTestApiKey, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import type { FuzzWorld } from "./arbitraries";

export type InProcessWorld = FuzzWorld & {
  secret: string;
  keyId: string;
  revokedSecret: string;
  /** Re-creates the playground customers (and their plans) that the previous property deleted or renamed. */
  restore(): Promise<void>;
  /** The customer ids the generators name (the fuzz may legitimately change these, and what its key creates). */
  namedCustomerIds: string[];
  /** A serialisation of everything the fuzz must never change. */
  guardedSnapshot(): Promise<string>;
};

async function customerWithPlan(env: Env, externalId: string, planId: string | null, email: string | null) {
  const customer = await getOrCreateCustomer(systemCtx(env, "fuzz setup"), { customer_id: externalId, email, name: "Fuzz" });
  const row = await db().customer.findFirstOrThrow({ where: { env, externalId } });
  if (planId) {
    const has = await db().customerPlan.count({ where: { customerId: row.id, status: "active" } });
    if (!has) await enableTestPlan(row.id, planId, { env });
  }
  return { customer, row };
}

export async function createFuzzWorld(): Promise<InProcessWorld> {
  const tag = unique("fz");
  const key = await createTestApiKey("sandbox");
  const revoked = await createTestApiKey("sandbox");
  await db().apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

  const eventName = `${tag}_event`;
  const metered = await createTestFeature({ featureId: `${tag}_messages`, eventNames: [eventName] });
  const seats = await createTestFeature({ featureId: `${tag}_seats`, type: "continuous_use" });
  const flag = await createTestFeature({ featureId: `${tag}_flag`, type: "boolean" });
  const free = await createTestPlan({
    planId: `${tag}_free`,
    items: [{ featureId: metered.id, included: 1_000_000, resetInterval: "month" }, { featureId: seats.id, included: 50 }, { featureId: flag.id }],
  });
  const paid = await createTestPlan({ planId: `${tag}_pro`, price: { amount: 2_000, interval: "month" }, items: [{ featureId: metered.id, included: 5 }] });
  const addOn = await createTestPlan({ planId: `${tag}_boost`, isAddOn: true, items: [{ featureId: metered.id, included: 10, overageAllowed: true }] });

  const playground = [0, 1, 2].map((n) => `${tag}_p${n}`);
  const deletable = [0, 1, 2].map((n) => `${tag}_d${n}`);
  const emails = [`${tag}_a@example.test`, `${tag}_B@Example.test`, `  ${tag}_c@example.test `];

  const restore = async () => {
    for (const [n, id] of playground.entries()) await customerWithPlan("sandbox", id, n < 2 ? free.id : null, null);
    for (const id of deletable) await customerWithPlan("sandbox", id, null, null);
  };
  await restore();

  // Guarded: the live twin of a playground customer (same id!), with a plan and usage...
  const liveFeature = await createTestFeature({ env: "live", featureId: metered.id });
  const livePlan = await createTestPlan({ env: "live", planId: free.id, items: [{ featureId: liveFeature.id, included: 100 }] });
  const liveTwin = await customerWithPlan("live", playground[0]!, livePlan.id, emails[0]!);
  const liveOnly = await customerWithPlan("live", `${tag}_live_only`, livePlan.id, null);
  // ...and a sandbox customer nobody names.
  const hidden = await customerWithPlan("sandbox", unique("hidden"), free.id, `${tag}_hidden@example.test`);
  const guardedIds = [liveTwin.row.id, liveOnly.row.id, hidden.row.id];

  const guardedSnapshot = async () => {
    const { rows } = await pool().query(
      `select json_build_object(
         'customers', (select json_agg(c order by c.id) from customers c where c.id = any($1)),
         'plans', (select json_agg(p order by p.id) from customer_plans p where p.customer_id = any($1)),
         'grants', (select json_agg(g order by g.id) from grants g where g.customer_id = any($1)),
         'usage', (select count(*) from usage_events u where u.customer_id = any($1)),
         'features', (select json_agg(f order by f.id) from features f where f.env = 'live' and f.feature_id = $2),
         'live_audit', (select count(*) from audit_events a where a.env = 'live' and a.actor_id = $3)
       ) as snapshot`,
      [guardedIds, metered.id, key.id],
    );
    return JSON.stringify(rows[0].snapshot);
  };

  return {
    secret: key.secret,
    keyId: key.id,
    revokedSecret: revoked.secret,
    customerIds: playground,
    deletableCustomerIds: deletable,
    otherEnvCustomerIds: [`${tag}_live_only`],
    featureIds: [metered.id, seats.id, flag.id],
    eventNames: [eventName],
    planIds: [free.id, paid.id, addOn.id],
    emails,
    restore,
    namedCustomerIds: [...playground, ...deletable],
    guardedSnapshot,
  };
}
