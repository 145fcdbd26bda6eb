// Factories for the catalog and entitlements: unique feature and plan ids per call, created
// through the domain functions (as the system), so tests exercise the real rules.
import { afterAll, beforeAll } from "vitest";
import type { Env, FeatureType, PriceInterval, ResetInterval } from "@/lib/generated/prisma";
import { closeDb, db } from "@/lib/db";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@/tests/setup/throwaway-database";
import { systemCtx } from "@/lib/context";
import { createFeature } from "@/lib/features/create-feature";
import { createPlan } from "@/lib/plans/create-plan";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import type { EnablePlanInput } from "@/lib/plans/schemas";
import { unique } from "./index";

export async function createTestFeature(options: { env?: Env; type?: FeatureType; eventNames?: string[]; featureId?: string } = {}) {
  const type = options.type ?? "single_use";
  return createFeature(systemCtx(options.env ?? "sandbox", "test"), {
    featureId: options.featureId ?? unique(type === "boolean" ? "flag" : "feat"),
    name: "Test feature",
    type,
    eventNames: options.eventNames ?? [],
  });
}

export type TestPlanItem = { featureId: string; included?: number; unlimited?: boolean; resetInterval?: ResetInterval; overageAllowed?: boolean };

export async function createTestPlan(
  options: {
    env?: Env;
    planId?: string;
    group?: string | null;
    isAddOn?: boolean;
    isDefault?: boolean;
    price?: { amount: number; interval: PriceInterval; currency?: string } | null;
    items?: TestPlanItem[];
  } = {},
) {
  return createPlan(systemCtx(options.env ?? "sandbox", "test"), {
    planId: options.planId ?? unique("plan"),
    name: "Test plan",
    group: options.group ?? null,
    isAddOn: options.isAddOn ?? false,
    isDefault: options.isDefault ?? false,
    price: options.price ?? null,
    items: options.items ?? [],
  });
}

/** A metered feature and a plan granting `included` of it (monthly unless said otherwise). */
export async function createMeteredPlan(options: { env?: Env; included: number; resetInterval?: ResetInterval; type?: FeatureType; group?: string | null }) {
  const feature = await createTestFeature({ env: options.env, type: options.type ?? "single_use" });
  const plan = await createTestPlan({
    env: options.env,
    group: options.group,
    items: [{ featureId: feature.id, included: options.included, resetInterval: options.resetInterval ?? "month" }],
  });
  return { feature, plan };
}

export async function enableTestPlan(customerId: string, planId: string, options: Omit<EnablePlanInput, "customerId" | "planId"> & { env?: Env; now?: Date } = {}) {
  const { env, now, ...rest } = options;
  return enablePlanForCustomer(systemCtx(env ?? "sandbox", "test"), { customerId, planId, ...rest }, { now });
}

/**
 * Default plans are environment-wide: every customer created in that environment gets them. A
 * test file that creates default plans therefore runs on a database of its own, so that the
 * other files (which create customers in the shared one and expect no plans) never see them.
 * Call at the top of the file, before anything touches the database.
 */
export function runOnOwnDatabase(label: string) {
  let database: ThrowawayDatabase | undefined;
  beforeAll(async () => {
    database = await createThrowawayDatabase(label);
    await closeDb();
    process.env.DATABASE_URL = database.url;
    const [current] = await db().$queryRaw<{ name: string }[]>`select current_database() as name`;
    if (current?.name !== database.name) throw new Error(`runOnOwnDatabase: the app is still on ${current?.name}; call it before anything uses the database`);
  }, 120_000);
  afterAll(async () => {
    await closeDb();
    await database?.drop();
  });
}
