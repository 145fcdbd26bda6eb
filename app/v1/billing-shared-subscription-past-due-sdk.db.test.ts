// A plan stopping at the period's end on a Stripe subscription billing several plans
// (billing.multi_attach with invoice_mode: one item per plan) when a later invoice of the
// subscription fails, through autumn-js against the emulator (issue 18). The plan's item went
// without proration: its period was invoiced (and paid) with it, and the failed invoice does not
// bill it. Stripe's past_due is about that invoice: the plans it bills are past due, the stopping
// plan is not, and keeps its own period.
import { describe, expect, it } from "vitest";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { itemsOf, onAddonAndBasic } from "@/tests/factories/shared-subscription";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingUpdate from "./billing.update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";

const { autumn } = await setupSdkApi({ "billing.update": billingUpdate, "billing.multi_attach": multiAttachRoute }, { webhooks: (request) => handleStripeWebhook(request) });

const rowOf = (id: string) => db().customerPlan.findUniqueOrThrow({ where: { id } });

describe("a later invoice of a shared subscription fails", () => {
  it("the plans it bills are past due; a plan whose item went (stopping at the period's end, its period paid) is not, and keeps its period; paying it clears the others", async () => {
    const { customerId, basic, addonRow, basicRow, subscription } = await onAddonAndBasic(autumn);
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    await testEmulator().flushWebhooks();
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
    const stopping = await rowOf(basicRow.id);
    expect(stopping).toMatchObject({ status: "active", cancelAtPeriodEnd: true, pastDue: false, billingState: "active" });

    // The next invoice bills the add-on alone, and its payment fails: the subscription is past due.
    const { invoice } = testEmulator().failSubscriptionPayment(subscription.id);
    expect(invoice).toMatchObject({ status: "open", total: 1500 });
    await testEmulator().flushWebhooks();
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).toBe("past_due");

    expect(await rowOf(addonRow.id)).toMatchObject({ pastDue: true, billingState: "past_due" });
    const basicAfter = await rowOf(basicRow.id);
    expect(basicAfter).toMatchObject({ status: "active", cancelAtPeriodEnd: true, pastDue: false, billingState: "active" });
    expect(basicAfter.currentPeriodStart).toEqual(stopping.currentPeriodStart);
    expect(basicAfter.currentPeriodEnd).toEqual(stopping.currentPeriodEnd);
    expect(basicAfter.endsAt).toEqual(stopping.endsAt);

    await testStripe().invoices.pay(invoice!.id!, { paid_out_of_band: true });
    await testEmulator().flushWebhooks();
    expect(await rowOf(addonRow.id)).toMatchObject({ pastDue: false, billingState: "active" });
    expect(await rowOf(basicRow.id)).toMatchObject({ pastDue: false, billingState: "active", cancelAtPeriodEnd: true });
  });
});
