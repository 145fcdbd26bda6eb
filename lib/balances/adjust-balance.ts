import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import type { ApiBalance } from "@/lib/entitlements/types";
import { adjustBalanceSchema, type AdjustBalanceInput } from "./schemas";
import { applyBalanceUpdate } from "./update-balance";

/**
 * Staff change a customer's granted amount for a feature, with a reason (audited), through the
 * same function as the API's balances.update. The change is made on one grant (the one asked for,
 * else the plan's own rather than an add-on's) and lasts like the grant does: resets give usage
 * back, they do not undo the adjustment; replacing or removing the plan ends it with the plan.
 */
export async function adjustBalance(ctx: Ctx, input: AdjustBalanceInput, options: { now?: Date } = {}): Promise<ApiBalance> {
  authorize(ctx, "balances:write");
  const data = adjustBalanceSchema.parse(input);
  return applyBalanceUpdate(
    ctx,
    {
      // The dashboard addresses customers by internal id, which the lookup accepts.
      customerRef: data.customerId,
      featureId: data.featureId,
      scope: {},
      targetGrantId: data.grantId,
      change: { addToBalance: data.delta, includedGrant: data.newGranted },
      audit: { action: "balance.adjusted", reason: data.reason, field: { addToBalance: "delta", includedGrant: "newGranted" } },
    },
    options.now ?? new Date(),
  );
}
