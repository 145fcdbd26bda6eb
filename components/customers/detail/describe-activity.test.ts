import { describe, expect, it } from "vitest";
import type { AuditEventView } from "@/lib/audit/audit-event-view";
import { describeActivity, type ActivityNames } from "./describe-activity";

const names: ActivityNames = { plans: { free: "Free", enterprise_2026: "Enterprise" }, features: { seats: "Seats" } };

function event(action: string, target: Record<string, unknown>, extra: Partial<AuditEventView> = {}): AuditEventView {
  return { id: "aud_1", action, target, before: null, after: null, actorKind: "staff", actorLabel: "ada@equinox.test", createdAt: new Date(0).toISOString(), ...extra } as unknown as AuditEventView;
}

describe("describeActivity names plans, not ids", () => {
  it("says which plan replaced another by its name", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "free", replacedBy: "enterprise_2026" }), names).title).toBe("Free was replaced by Enterprise");
  });

  it("prefers the name recorded with the event (the plan may have been renamed since)", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "free", replacedBy: "enterprise_2026", replacedByName: "Enterprise (2026)" }), names).title).toBe(
      "Free was replaced by Enterprise (2026)",
    );
  });

  it("falls back to the id for a plan the page does not know, and never prints JSON", () => {
    expect(describeActivity(event("customer_plan.replaced", { planId: "gone", replacedBy: "also_gone" }), names).title).toBe("gone was replaced by also_gone");
    expect(describeActivity(event("customer_plan.replaced", { planId: "free" }), names).title).toBe("Free was replaced by another plan");
  });

  it("says which version a customer was migrated to", () => {
    expect(describeActivity(event("customer_plan.migrated", { planId: "free", planName: "Free", fromVersion: 1, toVersion: 3 }), names)).toEqual({
      title: "Moved to version 3 of Free",
      detail: "From version 1; a negotiated price or override stays",
    });
  });

  it("names the plan that superseded a canceled one", () => {
    expect(describeActivity(event("customer_plan.canceled", { planId: "free", supersededBy: "enterprise_2026" }), names)).toEqual({
      title: "Canceled Free",
      detail: "Superseded by Enterprise",
    });
  });

  it("names enabled plans and adjusted features", () => {
    expect(describeActivity(event("customer_plan.enabled", { planId: "enterprise_2026" }), names).title).toBe("Enabled Enterprise");
    expect(describeActivity(event("balance.adjusted", { featureId: "seats" }, { before: { granted: 10 }, after: { granted: 12 } } as Partial<AuditEventView>), names).title).toBe(
      "Adjusted Seats: granted 10 → 12",
    );
  });
});

describe("describeActivity: merges", () => {
  const moves = { plans: ["enterprise_2026"], balances: 0, usageEvents: 12, entities: 1, stripeLink: true };
  it("says on the survivor which customer was merged into it and what moved", () => {
    const merged = event("customer.merged", { merged: { id: null, email: "deal@acme.test", internal_id: "cus_2" } }, { after: { moves } } as never);
    expect(describeActivity(merged, names)).toEqual({ title: "Merged deal@acme.test into this customer", detail: "Moved 1 plan, 12 usage events, 1 entity, the Stripe link" });
  });

  it("says on the merged customer which customer it went into", () => {
    const into = event("customer.merged_into", {}, { after: { survivor: { id: "acme_1" }, moves: {} } } as never);
    expect(describeActivity(into, names)).toEqual({ title: "Merged into acme_1", detail: undefined });
  });

  it("says when staff turned self-serve cancel in the portal off or on", () => {
    const off = event("customer.updated", { id: "globex" }, { before: { self_serve_cancel: true }, after: { self_serve_cancel: false } } as Partial<AuditEventView>);
    expect(describeActivity(off, names).title).toBe("Turned off cancelling plans in the portal");
    const on = event("customer.updated", { id: "globex" }, { before: { self_serve_cancel: false }, after: { self_serve_cancel: true } } as Partial<AuditEventView>);
    expect(describeActivity(on, names).title).toBe("Allowed cancelling plans in the portal");
  });

  it("says how a plan is billed when billing is set, without printing the plan's internal id", () => {
    const configured = event("customer_plan.billing_configured", { planId: "pln_internal" }, {
      after: { billing_mode: "invoice", billing_state: "waiting", days_until_due: 45, auto_finalize: true, activate_on_payment: true },
    } as Partial<AuditEventView>);
    expect(describeActivity(configured, names)).toEqual({ title: "Billing set: By invoice · net 45", detail: "Active once paid" });
  });
});
