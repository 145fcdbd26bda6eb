// The plan filter without a search term takes one of three paths (customer-list-query.ts): the
// newest customers first, then the plan's own customers when the newest do not fill the page, then
// PostgreSQL's own plan for large plans. Every path must give the same answer: the plan's active
// and scheduled customers, newest first, each once across pages.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer } from "@/tests/factories";
import { apiKeyCtx, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { listCustomers } from "./list-customers";

async function allPages(planId: string, limit: number) {
  const seen: (string | null)[] = [];
  let cursor = "";
  for (let guard = 0; guard < 50; guard++) {
    const page = await listCustomers(apiKeyCtx(), { start_cursor: cursor, limit, plans: [{ id: planId }] });
    seen.push(...page.list.map((c) => c.id));
    if (!page.next_cursor) return seen;
    cursor = page.next_cursor;
  }
  throw new Error("too many pages");
}

describe("plan filter without a search term", () => {
  it("pages through a plan's customers newest first, whether they are among the newest customers or far older", async () => {
    const setup = await createTestPlan();
    const customers = [];
    for (let n = 0; n < 5; n++) customers.push(await createTestCustomer({ name: `plan filter ${n}` }));
    await enableTestPlan(customers[0]!, setup);
    await enableTestPlan(customers[1]!, setup, { status: "scheduled" });
    await enableTestPlan(customers[2]!, setup, { status: "expired" });
    await enableTestPlan(customers[3]!, setup);
    const expected = [customers[3]!, customers[1]!, customers[0]!].map((c) => c.externalId);

    // Among the newest customers: found by the first read.
    expect(await allPages(setup.plan.planId, 2)).toEqual(expected);

    // Buried under 2,500 newer customers (more than the first read looks at): found from the plan.
    await db().$executeRaw`
      insert into customers (id, env, external_id, name, metadata, created_at, updated_at, created_by_kind)
      select 'cus_planfilter_' || md5(${setup.plan.id} || i), 'sandbox', 'planfilter_' || md5(${setup.plan.id} || i), 'newer', '{}'::jsonb,
             now() + interval '1 hour' + i * interval '1 millisecond', now(), 'system'
        from generate_series(1, 2500) as i`;
    try {
      expect(await allPages(setup.plan.planId, 2)).toEqual(expected);
      expect(await allPages(setup.plan.planId, 10)).toEqual(expected);
    } finally {
      await db().$executeRaw`delete from customers where id like ${`cus_planfilter_%`} and name = 'newer'`;
    }
  });

  it("finds nothing for a plan nobody has, or that does not exist", async () => {
    const setup = await createTestPlan();
    expect(await allPages(setup.plan.planId, 5)).toEqual([]);
    expect(await allPages("no-such-plan-anywhere", 5)).toEqual([]);
  });
});
