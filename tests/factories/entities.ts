// Factories for entities: a seats feature (continuous use), a per-seat feature, and a plan that
// grants `seats` of the first and `perSeat` of the second to each seat. The catalog's inputs have
// no per-entity field yet, so the plan item is linked to the seats feature through Prisma.
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { createTestFeature, createTestPlan } from "./entitlements";

export async function createSeatsCatalog(options: { env?: Env; seats: number; perSeat: number; seatsOverage?: boolean; perSeatReset?: "none" | "month" }) {
  const seats = await createTestFeature({ env: options.env, type: "continuous_use" });
  const messages = await createTestFeature({ env: options.env, type: "single_use" });
  const plan = await createTestPlan({
    env: options.env,
    items: [
      { featureId: seats.id, included: options.seats, resetInterval: "none", overageAllowed: options.seatsOverage ?? false },
      { featureId: messages.id, included: options.perSeat, resetInterval: options.perSeatReset ?? "month" },
    ],
  });
  await db().planItem.updateMany({ where: { planVersion: { planPk: plan.pk }, featurePk: messages.pk }, data: { entityFeaturePk: seats.pk } });
  return { seats, messages, plan };
}
