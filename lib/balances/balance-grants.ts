// The grants behind one customer's balance of one feature, read and locked for a balance write
// (balances.create / update / delete, the dashboard's Adjust). Lock order: the customer row, then
// all its grant rows by id, which is the order every writer uses (see customer-plan-lifecycle.ts);
// the check/track statement locks the same grant rows, so a write and a track never interleave.
import "server-only";
import type { Customer, Feature, Grant, ResetInterval } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { featureNotFound } from "@/lib/features/feature-view";
import { findCustomerByRef, lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { applyDueChangesInTx } from "@/lib/plans/apply-due-changes";
import { lockCustomerGrants } from "@/lib/plans/customer-plan-lifecycle";
import type { GrantWithSource } from "@/lib/entitlements/balance-from-grants";
import type { API_RESET_INTERVALS } from "./schemas";

/** A grant with where it comes from. A balance granted on its own has no plan and counts like an add-on's. */
export type BalanceGrant = GrantWithSource & { isAddOn: boolean };

export type OpenedBalance = { customer: Customer; feature: Feature; grants: BalanceGrant[] };

/** Finds the customer (external id, else internal id) and the feature, locks, applies what is due, reads the grants. */
export async function openBalance(tx: Tx, ctx: Ctx, customerRef: string, featureId: string, now: Date): Promise<OpenedBalance> {
  const customer = await findCustomerByRef(tx, ctx.env, customerRef);
  if (!customer) throw customerNotFound(customerRef);
  const feature = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId } } });
  if (!feature) throw featureNotFound(featureId);
  if (!(await lockCustomerForGrantChange(tx, ctx.env, customer.id))) throw customerNotFound(customerRef);
  await lockCustomerGrants(tx, customer.id);
  await applyDueChangesInTx(tx, ctx.env, [customer.id], now);
  return { customer, feature, grants: await activeGrants(tx, customer.id, feature.id, now) };
}

export async function activeGrants(tx: Tx, customerId: string, featurePk: string, now: Date): Promise<BalanceGrant[]> {
  const grants = await tx.grant.findMany({
    where: { customerId, featurePk, active: true, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    include: { customerPlan: { select: { endsAt: true, plan: { select: { planId: true, isAddOn: true } } } } },
    orderBy: { id: "asc" },
  });
  return grants.map(({ customerPlan, ...grant }) => withSource(grant, customerPlan));
}

export function withSource(grant: Grant, customerPlan: { endsAt: Date | null; plan: { planId: string; isAddOn: boolean } } | null): BalanceGrant {
  return {
    ...grant,
    planId: customerPlan?.plan.planId ?? null,
    endsAt: customerPlan ? customerPlan.endsAt : grant.expiresAt,
    isAddOn: customerPlan ? customerPlan.plan.isAddOn : true,
  };
}

/** The grant a change of one grant lands on by default: the plan's own, not an add-on's or a granted one. */
export function defaultGrant(grants: BalanceGrant[]): BalanceGrant | undefined {
  return grants.find((grant) => !grant.isAddOn) ?? grants[0];
}

/** The grant balance_id names: the id it was created with, or the grant's own id. */
export function grantByBalanceId(grants: BalanceGrant[], balanceId: string): BalanceGrant | undefined {
  return grants.find((grant) => grant.balanceId === balanceId) ?? grants.find((grant) => grant.id === balanceId);
}

type ApiResetInterval = (typeof API_RESET_INTERVALS)[number];

/** Autumn's reset interval as Equinox's; the ones Equinox does not reset at are refused (400). */
export function resetIntervalOf(interval: ApiResetInterval, field: string): ResetInterval {
  if (interval === "one_off") return "none";
  if (interval === "minute" || interval === "hour" || interval === "semi_annual") {
    throw invalidInputs(field, `${interval} is not supported: balances reset by day, week, month, quarter or year (one_off: never)`);
  }
  return interval;
}
