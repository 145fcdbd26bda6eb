import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { listCustomers, listCustomersByOffset } from "./list-customers";
import { getOrCreateCustomer } from "./get-or-create-customer";
import { escapeLikeTerm } from "./customer-list-query";

/** Customers named `${tag} n`, created one after another (so newest first is n descending). */
async function createTagged(tag: string, count: number, env: "sandbox" | "live" = "sandbox") {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = unique(`u${n}`);
    await getOrCreateCustomer(apiKeyCtx(env), { customer_id: id, name: `${tag} ${n}` });
    ids.push(id);
  }
  return ids;
}

async function allPages(search: string, limit: number, between?: () => Promise<void>) {
  const seen: (string | null)[] = [];
  let cursor = "";
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCustomers(apiKeyCtx(), { start_cursor: cursor, limit, search });
    seen.push(...page.list.map((c) => c.id));
    if (!page.next_cursor) return seen;
    cursor = page.next_cursor;
    await between?.();
  }
  throw new Error("too many pages");
}

describe("listCustomers (cursor pages)", () => {
  it("lists newest first, every customer exactly once across pages", async () => {
    const tag = unique("List");
    const ids = await createTagged(tag, 7);
    expect(await allPages(tag, 3)).toEqual([...ids].reverse());
    const first = await listCustomers(apiKeyCtx(), { search: tag, limit: 7 });
    expect(first.next_cursor).toBeNull();
    const oldest = await listCustomers(apiKeyCtx(), { search: tag, limit: 4, sort_order: "asc" });
    const rest = await listCustomers(apiKeyCtx(), { search: tag, limit: 4, sort_order: "asc", start_cursor: oldest.next_cursor! });
    expect([...oldest.list, ...rest.list].map((c) => c.id)).toEqual(ids);
  });

  it("stays stable while customers are created between pages", async () => {
    const tag = unique("Stable");
    const ids = await createTagged(tag, 6);
    let extra = 0;
    const seen = await allPages(tag, 2, async () => {
      await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique(`new${extra++}`), name: `${tag} late` });
    });
    // The pages continue after their last row: nothing repeated, nothing of the original set missed.
    expect(seen).toEqual([...ids].reverse());
  });

  it("searches id, name and email case-insensitively, as substrings", async () => {
    const token = unique("Zq").toLowerCase();
    const byId = await createTestCustomer({ externalId: `${token}_ID` });
    const byName = await createTestCustomer({ name: `Mr ${token.toUpperCase()} Smith` });
    const byEmail = await createTestCustomer({ email: `x.${token}@Example.test` });
    const found = await listCustomers(apiKeyCtx(), { search: token.toUpperCase().slice(1) });
    expect(found.list.map((c) => c.id).sort()).toEqual([byId.externalId, byName.externalId, byEmail.externalId].sort());
  });

  it("matches LIKE wildcards literally and never across two fields", async () => {
    const token = unique("pct");
    const percent = await createTestCustomer({ name: `${token} 100% Pure_Cotton` });
    await createTestCustomer({ name: `${token} 1000 PureXCotton` });
    expect((await listCustomers(apiKeyCtx(), { search: `${token} 100%` })).list.map((c) => c.id)).toEqual([percent.externalId]);
    expect((await listCustomers(apiKeyCtx(), { search: "pure_cotton" })).list.map((c) => c.id)).toContain(percent.externalId);
    expect((await listCustomers(apiKeyCtx(), { search: `${token} 1000 Pure_` })).list).toEqual([]);
    // id "…_tail" + name "head…": a term spanning the boundary finds nothing.
    const split = await createTestCustomer({ externalId: `${token}_tail`, name: "headpart" });
    expect((await listCustomers(apiKeyCtx(), { search: `tail${"headpart"}` })).list).toEqual([]);
    expect((await listCustomers(apiKeyCtx(), { search: `${token}_tail` })).list.map((c) => c.id)).toEqual([split.externalId]);
    expect(escapeLikeTerm("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
  });

  it("filters by plan: an active or scheduled customer_plans row of that plan", async () => {
    const tag = unique("Plan");
    const setup = await createTestPlan();
    const other = await createTestPlan();
    const [active, scheduled, expired, otherPlan, none] = await Promise.all(
      ["active", "scheduled", "expired", "other", "none"].map((label) => createTestCustomer({ name: `${tag} ${label}` })),
    );
    await enableTestPlan(active!, setup, { status: "active" });
    await enableTestPlan(scheduled!, setup, { status: "scheduled" });
    await enableTestPlan(expired!, setup, { status: "expired" });
    await enableTestPlan(otherPlan!, other);
    void none;
    const found = await listCustomers(apiKeyCtx(), { search: tag, plans: [{ id: setup.plan.planId }] });
    expect(found.list.map((c) => c.name).sort()).toEqual([`${tag} active`, `${tag} scheduled`]);
    const both = await listCustomers(apiKeyCtx(), { search: tag, plans: [{ id: setup.plan.planId }, { id: other.plan.planId }] });
    expect(both.list).toHaveLength(3);
    expect((await listCustomers(apiKeyCtx(), { search: tag, plans: [{ id: setup.plan.planId, versions: [2] }] })).list).toEqual([]);
  });

  it("keeps environments apart, accepts up to 1000 rows a page and refuses a forged cursor", async () => {
    const tag = unique("Env");
    await createTagged(tag, 2, "live");
    expect((await listCustomers(apiKeyCtx("sandbox"), { search: tag })).list).toEqual([]);
    expect((await listCustomers(apiKeyCtx("live"), { search: tag, limit: 1000 })).list).toHaveLength(2);
    await expect(listCustomers(apiKeyCtx(), { start_cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "invalid_inputs", field: "start_cursor" });
    await expect(listCustomers(apiKeyCtx(), { limit: 1001 })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("listCustomersByOffset (REST)", () => {
  it("pages by offset with total and has_more", async () => {
    const tag = unique("Offset");
    const ids = await createTagged(tag, 5);
    const first = await listCustomersByOffset(apiKeyCtx(), { search: tag, limit: 2, offset: 0 });
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0, has_more: true });
    expect(first.list.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    const last = await listCustomersByOffset(apiKeyCtx(), { search: tag, limit: 2, offset: 4 });
    expect(last).toMatchObject({ total: 5, has_more: false });
    expect(last.list.map((c) => c.id)).toEqual([ids[0]]);
  });
});
