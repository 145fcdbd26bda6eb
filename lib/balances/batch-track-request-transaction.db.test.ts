// balances.batch_track with an Idempotency-Key runs every item on the request's one transaction
// (lib/request-transaction.ts). An item that finds something due first (a balance reset, an
// entity's first usage rows) has to drop that transaction's locks before another connection
// applies it: the items tracked before it must not be dropped with them.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { createTestCustomer } from "@/tests/factories";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { inRequestTransactionScope } from "@/lib/request-transaction";
import { batchTrack } from "./batch-track";
import { check } from "./check";

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso);

describe("batch track on the request's transaction", () => {
  it("keeps the items tracked before those that had a reset to apply first", async () => {
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    const quiet = await createTestCustomer();
    const due = await createTestCustomer();
    const alsoDue = await createTestCustomer();
    await enableTestPlan(quiet.id, plan.id, { startsAt: at("2025-02-15T10:00:00Z"), now: at("2025-02-15T10:00:00Z") });
    await enableTestPlan(due.id, plan.id, { startsAt: at("2025-01-31T10:00:00Z"), now: at("2025-01-31T10:00:00Z") });
    await enableTestPlan(alsoDue.id, plan.id, { startsAt: at("2025-01-20T10:00:00Z"), now: at("2025-01-20T10:00:00Z") });
    const now = at("2025-03-01T00:00:00Z"); // due's balance resets on 28 February, quiet's on 15 March

    const { end } = await inRequestTransactionScope(() =>
      batchTrack(
        ctx,
        [
          { customer_id: quiet.externalId!, feature_id: feature.id, value: 7 },
          { customer_id: due.externalId!, feature_id: feature.id, value: 3 },
          { customer_id: alsoDue.externalId!, feature_id: feature.id, value: 5 },
          { customer_id: quiet.externalId!, feature_id: feature.id, value: 1 },
        ],
        { now },
      ),
    );
    await end(true);

    const usage = async (customerId: string) => (await check(ctx, { customer_id: customerId, feature_id: feature.id }, { now })).balance!.usage;
    expect(await usage(quiet.externalId!)).toBe(8);
    expect(await usage(due.externalId!)).toBe(3);
    expect(await usage(alsoDue.externalId!)).toBe(5);
  });
});
