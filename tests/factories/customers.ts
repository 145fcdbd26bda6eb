// Factories for the customers area: plans enabled directly in the database (not through the
// entitlements work's functions), to prove what get-or-create, claims and deletes keep or remove.
import type { Customer, Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { systemCtx, type Ctx } from "@/lib/context";
import { unique } from "./index";

/** A plan with one version and one metered feature (`included` units). */
export async function createTestPlan(options: { env?: Env; planId?: string; name?: string; included?: number } = {}) {
  const env = options.env ?? "sandbox";
  const feature = await db().feature.create({
    data: { id: newId("fea"), env, featureId: unique("messages"), name: "Messages", type: "single_use" },
  });
  const plan = await db().plan.create({
    data: {
      id: newId("pln"),
      env,
      planId: options.planId ?? unique("pro"),
      name: options.name ?? "Pro",
      versions: {
        create: {
          id: newId("plv"),
          version: 1,
          items: { create: { id: newId("pit"), featurePk: feature.id, included: options.included ?? 100 } },
        },
      },
    },
    include: { versions: true },
  });
  return { plan, version: plan.versions[0]!, feature };
}

/** Enables the plan for the customer: a customer_plans row and its grant, as the entitlements work would. */
export async function enableTestPlan(
  customer: Pick<Customer, "id" | "env">,
  planSetup: Awaited<ReturnType<typeof createTestPlan>>,
  options: { status?: "active" | "scheduled" | "expired" | "canceled"; usage?: number } = {},
) {
  const customerPlan = await db().customerPlan.create({
    data: {
      id: newId("cpl"),
      env: customer.env,
      customerId: customer.id,
      planPk: planSetup.plan.id,
      planVersionId: planSetup.version.id,
      status: options.status ?? "active",
      startsAt: new Date(),
      enabledByKind: "system",
      enabledByLabel: "test",
    },
  });
  const grant = await db().grant.create({
    data: {
      id: newId("grt"),
      env: customer.env,
      customerId: customer.id,
      customerPlanId: customerPlan.id,
      featurePk: planSetup.feature.id,
      granted: 100,
      usage: options.usage ?? 0,
    },
  });
  return { customerPlan, grant };
}

/** A context as an API key would have it (for calling the domain functions directly). */
export function apiKeyCtx(env: Env = "sandbox", keyId = unique("key")): Ctx {
  return { env, actor: { kind: "api_key", keyId, label: `API key test (${keyId})` }, requestId: unique("req") };
}

export const testSystemCtx = (env: Env = "sandbox") => systemCtx(env, "test");

/** The audit events of one customer (by internal id), oldest first. */
export function auditEventsOf(customerId: string) {
  return db().auditEvent.findMany({ where: { customerId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A request to a route handler, authenticated with `secret`. */
export function apiRequest(path: string, options: { method?: string; secret?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.secret) headers.authorization = `Bearer ${options.secret}`;
  return new Request(`http://test${path}`, {
    method: options.method ?? "POST",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}

/** Route handlers' second argument, for dynamic segments. */
export const routeParams = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
