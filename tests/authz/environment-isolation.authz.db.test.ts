// Sandbox and live never mix: a sandbox key can neither read nor change live data, and the other
// way round. Every /v1 route (found by scanning app/v1) is called with a key of one environment,
// naming the other environment's customer (by id and by internal id), feature and plan. Each
// answer is "not found" (or, for get-or-create and list, concerns only the key's own
// environment), and the other environment's records are exactly as they were.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "@/lib/generated/prisma";
import { db, pool } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { createTestApiKey, unique } from "@/tests/factories";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { v1Routes, fillTemplate } from "@/tests/fuzz/v1-route-catalog";
import { recordMatrix } from "./matrix-report";

vi.hoisted(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Side = { env: Env; secret: string; externalId: string; internalId: string; featureId: string; planId: string; email: string };

const OTHER: Record<Env, Env> = { sandbox: "live", live: "sandbox" };
const sides = {} as Record<Env, Side>;
const cells: { action: string; caller: string; expected: "refused"; detail: string }[] = [];

async function makeSide(env: Env, externalId: string): Promise<Side> {
  const { feature, plan } = await createMeteredPlan({ env, included: 50 });
  const email = `${unique("iso")}@example.test`;
  await getOrCreateCustomer(systemCtx(env, "isolation setup"), { customer_id: externalId, email, name: `${env} customer` });
  const customer = await db().customer.findFirstOrThrow({ where: { env, externalId } });
  await enableTestPlan(customer.id, plan.id, { env });
  const key = await createTestApiKey(env);
  return { env, secret: key.secret, externalId, internalId: customer.id, featureId: feature.id, planId: plan.id, email };
}

/** Everything of one environment's side that a request could change. */
async function snapshot(side: Side): Promise<string> {
  const { rows } = await pool().query(
    `select json_build_object(
       'customer', (select row_to_json(c) from (select external_id, name, email, metadata, stripe_id, updated_at from customers where id = $1) c),
       'plans', (select json_agg(row_to_json(p) order by p.id) from (select id, status, updated_at from customer_plans where customer_id = $1) p),
       'grants', (select json_agg(row_to_json(g) order by g.id) from (select id, granted, usage, active from grants where customer_id = $1) g),
       'events', (select count(*) from usage_events where customer_id = $1)) as state`,
    [side.internalId],
  );
  return JSON.stringify(rows[0].state);
}

beforeAll(async () => {
  // Only the live side has a customer with this id: sandbox must never see it.
  sides.live = await makeSide("live", unique("live_only"));
  sides.sandbox = await makeSide("sandbox", unique("sandbox_only"));
}, 60_000);

afterAll(() => recordMatrix("environment-isolation", cells));

const CATALOG_CREATE = /^\/v1\/(features|plans)\.create$/;
/** The bulk import creates (or updates) customers of the key's own environment with the ids it is given. */
const IMPORT = "/v1/customers.import";

/** The body that names the other side's records, for a route. */
function bodyFor(template: string, other: Side, ref: string): unknown {
  // The entity routes need an entity_id to get as far as looking the customer up; balances.update
  // a change, events.aggregate a range.
  const entity = template.startsWith("/v1/entities.") ? { entity_id: "iso_entity" } : {};
  const change = template === "/v1/balances.update" ? { usage: 1 } : template === "/v1/events.aggregate" ? { range: "30d" } : {};
  const base = { customer_id: ref, feature_id: other.featureId, plan_id: other.planId, ...entity, ...change, value: 1, send_event: true, required_balance: 1 };
  if (template === IMPORT) return { rows: [{ id: ref, name: "Crossed", plan_id: other.planId, metadata: { crossed: true } }, { email: `crossed-${ref}@example.test` }] };
  // balances.batch_track takes an array of track requests.
  if (template === "/v1/balances.batch_track") return [base];
  if (template.includes("update") || template.endsWith("[id]")) return { ...base, name: "Crossed", metadata: { crossed: true }, email: `crossed-${other.email}` };
  if (template.includes("list") || template === "/v1/customers") return { search: ref, limit: 100 };
  if (template.includes("setup_payment") || template.includes("open_customer_portal")) return { customer_id: ref };
  // Billing lifecycle: a multi-attach and an invoice to create name their plans in a list; an invoice is named by its own id.
  if (template.includes("multi_attach") || template === "/v1/invoices.create") return { customer_id: ref, plans: [{ plan_id: other.planId }] };
  if (template === "/v1/invoices.pay" || template === "/v1/invoices.void" || template === "/v1/invoices.reissue") return { invoice_id: ref };
  // The catalog's creates take the other side's ids as new ids of the key's own environment.
  if (CATALOG_CREATE.test(template)) return { ...base, name: "Crossed", type: "boolean" };
  return base;
}

describe("sandbox and live keys never cross", () => {
  for (const env of ["sandbox", "live"] as const) {
    it(`a ${env} key cannot read or change ${OTHER[env]} data through any /v1 route`, async () => {
      const own = sides[env];
      const other = sides[OTHER[env]];
      const before = await snapshot(other);
      const failures: string[] = [];
      // get-or-create and the catalog's creates last: they may legitimately create a customer, feature
      // or plan with that id in the key's own environment (which a later get or delete would then find).
      const createsLast = (template: string) => Number(/get_or_create|^\/v1\/customers$/.test(template) || CATALOG_CREATE.test(template) || template === IMPORT);
      const routes = v1Routes()
        .filter((r) => !r.public)
        .sort((a, b) => createsLast(a.template) - createsLast(b.template));
      for (const route of routes) {
        const handlers = (await import(route.file)) as Record<string, Handler>;
        for (const method of route.methods) {
          const creates = route.template.includes("get_or_create") || (route.template === "/v1/customers" && method === "POST");
          for (const ref of [other.externalId, other.internalId]) {
            const body = bodyFor(route.template, other, ref);
            const params = Object.fromEntries(route.params.map((p) => [p, ref]));
            const query = method === "GET" || method === "DELETE" ? `?${new URLSearchParams({ search: ref, limit: "100" })}` : "";
            const response = await handlers[method]!(
              new Request(`http://iso.test${fillTemplate(route.template, params)}${query}`, {
                method,
                headers: { authorization: `Bearer ${own.secret}`, "content-type": "application/json" },
                ...(method === "GET" ? {} : { body: JSON.stringify(creates ? { customer_id: ref } : body) }),
              }),
              { params: Promise.resolve(params) },
            );
            const text = await response.text();
            const label = `${method} ${route.template} naming ${ref === other.externalId ? "the id" : "the internal id"}`;
            cells.push({ action: label, caller: `${env} key`, expected: "refused", detail: String(response.status) });
            // Whatever the answer, nothing of the other environment appears in it (beyond what the caller sent).
            const unsent = [other.email, `${other.env} customer`, ...(ref === other.externalId ? [other.internalId] : [])];
            for (const secret of unsent) {
              if (text.includes(secret)) failures.push(`${label}: the answer shows ${OTHER[env]} data (${secret})`);
            }
            if (text.includes(`"env":"${OTHER[env]}"`)) failures.push(`${label}: answered in the ${OTHER[env]} environment`);
            if (creates || CATALOG_CREATE.test(route.template) || route.template === IMPORT || route.template.includes("list") || (route.template === "/v1/customers" && method === "GET")) {
              if (response.status >= 500) failures.push(`${label}: ${response.status}`);
            } else if (response.status !== 404) {
              failures.push(`${label}: ${response.status} ${text.slice(0, 150)} (expected 404)`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await snapshot(other)).toBe(before);
    }, 120_000);
  }
});
