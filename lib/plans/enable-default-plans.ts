// Enables the environment's default plan(s) for a newly created customer, inside the transaction
// that creates it (the customers helper calls this), through the one enabling function.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { enablePlanInTx } from "./enable-plan";
import { currentVersionInclude, toPlanView } from "./plan-view";

export async function enableDefaultPlans(tx: Tx, ctx: Ctx, customerId: string): Promise<void> {
  const plans = await tx.plan.findMany({
    where: { env: ctx.env, isDefault: true, archivedAt: null },
    include: currentVersionInclude,
    orderBy: { id: "asc" },
  });
  const now = new Date();
  for (const plan of plans) {
    await enablePlanInTx(tx, ctx, { customerId, plan: toPlanView(plan), options: {}, now });
  }
}
