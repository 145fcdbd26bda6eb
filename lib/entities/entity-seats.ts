// An entity is one unit of the customer's continuous-use feature it was created under (a seat):
// creating one takes a unit from the customer's balance of that feature, deleting one gives it
// back. Runs inside the entity transaction, after the customer row is locked; the feature's grant
// rows are locked in id order, as the check/track hot path locks them, so the two never deadlock
// and a seat is never handed out twice.
import "server-only";
import type { Tx } from "@/lib/db";
import { entityFeatureLimitReached } from "./entity-errors";

type SeatGrant = { id: string; granted: number; usage: number; unlimited: boolean; overage_allowed: boolean; is_add_on: boolean };

async function lockSeatGrants(tx: Tx, customerPk: string, featurePk: string): Promise<SeatGrant[]> {
  return tx.$queryRaw<SeatGrant[]>`
    select g.id, g.granted, g.usage, g.unlimited, g.overage_allowed, coalesce(p.is_add_on, false) as is_add_on
      from grants g
      left join customer_plans cp on cp.id = g.customer_plan_id
      left join plans p on p.id = cp.plan_pk
     where g.customer_id = ${customerPk} and g.feature_pk = ${featurePk} and g.active
     order by g.id
       for update of g`;
}

/**
 * Counts one more entity. Refused with feature_limit_reached (as Autumn does) when the customer's
 * balance has no unit left and allows no overage. A customer with no grant of the feature at all
 * gets the entity uncounted: as in Autumn, entities can be registered before any plan is attached.
 */
export async function takeSeat(tx: Tx, args: { customerPk: string; featurePk: string; featureId: string; entityId: string }): Promise<void> {
  const grants = await lockSeatGrants(tx, args.customerPk, args.featurePk);
  if (grants.length === 0) return;
  const granted = grants.reduce((sum, g) => sum + g.granted, 0);
  const usage = grants.reduce((sum, g) => sum + g.usage, 0);
  const open = grants.some((g) => g.unlimited || g.overage_allowed);
  if (!open && granted - usage < 1) throw entityFeatureLimitReached(args.entityId, args.featureId, granted);
  // The unit goes where track would put it: an unlimited grant, else the first with room, else
  // (overage) the plan's own grant rather than an add-on's.
  const target = grants.find((g) => g.unlimited) ?? grants.find((g) => g.granted - g.usage >= 1) ?? grants.find((g) => !g.is_add_on) ?? grants[0]!;
  await tx.$executeRaw`update grants set usage = usage + 1, updated_at = now() where id = ${target.id}`;
}

/** Gives the unit of a deleted entity back (never below zero usage). */
export async function giveSeatBack(tx: Tx, args: { customerPk: string; featurePk: string }): Promise<void> {
  const grants = await lockSeatGrants(tx, args.customerPk, args.featurePk);
  // The reverse of takeSeat: add-ons' units go back first, then the latest grant's.
  const target = [...grants].reverse().sort((a, b) => Number(b.is_add_on) - Number(a.is_add_on)).find((g) => g.usage > 0);
  if (!target) return;
  await tx.$executeRaw`update grants set usage = greatest(usage - 1, 0), updated_at = now() where id = ${target.id}`;
}
