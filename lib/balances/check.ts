import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { newId } from "@/lib/ids";
import type { ApiBalance, ApiFlag } from "@/lib/entitlements/types";
import { checkSchema, type CheckInput } from "./schemas";
import { executeUsage } from "./execute-usage";
import { emitLimitReachedOnCrossing } from "./limit-reached";

export type CheckResult = { allowed: boolean; customer_id: string; entity_id?: string; required_balance: number; balance: ApiBalance | null; flag: ApiFlag | null };

/**
 * May the customer use the feature? Boolean features answer through `flag`. Metered ones are
 * allowed while the remaining balance is at least `required_balance` (or the balance is unlimited
 * or allows overage). With `send_event`, the check and the consumption are one atomic step: of
 * any number of concurrent calls, exactly as many are allowed as the balance covers.
 */
export async function check(ctx: Ctx, input: CheckInput, options: { now?: Date } = {}): Promise<CheckResult> {
  const data = checkSchema.parse(input);
  authorize(ctx, data.send_event ? "balances:write" : "customers:read");
  const row = await executeUsage({
    env: ctx.env,
    customerId: data.customer_id,
    featureIds: [data.feature_id],
    eventIds: [newId("use")],
    mode: data.send_event ? "consume" : "read",
    now: options.now ?? new Date(),
    requiredBalance: data.required_balance,
    value: data.required_balance,
    properties: data.properties ?? null,
    entityId: data.entity_id ?? null,
  });
  const isFlag = row.boolean_features.length > 0;
  if (data.send_event && row.applied && !isFlag) await emitLimitReachedOnCrossing(ctx.env, row.customer_pk, data.entity_id ?? null, data.required_balance, [row.balance]);
  return {
    allowed: isFlag ? row.flag !== null : data.send_event ? row.applied : row.sufficient,
    customer_id: row.customer_api_id,
    ...(data.entity_id ? { entity_id: data.entity_id } : {}),
    required_balance: data.required_balance,
    balance: isFlag ? null : row.balance,
    flag: isFlag ? row.flag : null,
  };
}
