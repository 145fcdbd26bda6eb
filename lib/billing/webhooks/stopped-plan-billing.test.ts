// Which invoices make a plan whose item went from a shared subscription past due (issue 18): only
// the subscription's latest invoice when it bills an item the subscription no longer has.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ITEM_PLAN_KEY, removedItemKey } from "../lifecycle/start-billing";
import { billsRemovedItem, itemStopped, stoppedPlanPastDue } from "./stopped-plan-billing";

const subscription = (status: Stripe.Subscription.Status, latestInvoice: string, metadata: Record<string, string> = {}) =>
  ({ status, latest_invoice: latestInvoice, metadata, items: { data: [{ id: "si_addon", metadata: { [ITEM_PLAN_KEY]: "cpl_addon" } }] } }) as unknown as Stripe.Subscription;

const invoice = (id: string, items: string[], hasMore = false) =>
  ({
    id,
    lines: { has_more: hasMore, data: items.map((item) => ({ parent: { subscription_item_details: { subscription_item: item } } })) },
  }) as unknown as Stripe.Invoice;

describe("stoppedPlanPastDue", () => {
  const basic = { id: "cpl_basic", cancelAtPeriodEnd: true, pastDue: false };

  it("a plan stopping at the period's end whose item went is stopped; one whose item another names mid-switch (not stopping) is not", () => {
    expect(itemStopped(subscription("active", "in_1"), basic)).toBe(true);
    expect(itemStopped(subscription("active", "in_1"), { ...basic, cancelAtPeriodEnd: false })).toBe(false);
    expect(itemStopped(subscription("active", "in_1"), { ...basic, id: "cpl_addon" })).toBe(false);
  });

  it("past due only when the latest invoice bills the removed item", () => {
    const pastDue = subscription("past_due", "in_2");
    expect(stoppedPlanPastDue(basic, pastDue, true, invoice("in_2", ["si_addon"]))).toBe(false);
    expect(stoppedPlanPastDue(basic, pastDue, true, invoice("in_2", ["si_addon", "si_basic_removed"]))).toBe(true);
    // More lines than listed: it may bill it.
    expect(billsRemovedItem(invoice("in_2", ["si_addon"], true), pastDue, basic.id)).toBe(true);
  });

  it("with two plans stopping, an invoice billing the other's removed item leaves this one as it is (the subscription's marks say whose item went)", () => {
    const marked = subscription("past_due", "in_3", { [removedItemKey("cpl_basic")]: "si_basic_removed", [removedItemKey("cpl_team")]: "si_team_removed" });
    const team = { ...basic, id: "cpl_team" };
    const billsTeam = invoice("in_3", ["si_addon", "si_team_removed"]);
    expect(stoppedPlanPastDue(basic, marked, true, billsTeam)).toBe(false);
    expect(stoppedPlanPastDue(team, marked, true, billsTeam)).toBe(true);
  });

  it("not past due when the subscription is not; as it was when the latest invoice is not known", () => {
    expect(stoppedPlanPastDue({ ...basic, pastDue: true }, subscription("active", "in_2"), false, null)).toBe(false);
    expect(stoppedPlanPastDue({ ...basic, pastDue: true }, subscription("past_due", "in_2"), true, null)).toBe(true);
    expect(stoppedPlanPastDue(basic, subscription("past_due", "in_2"), true, invoice("in_1", ["si_basic_removed"]))).toBe(false);
  });
});
