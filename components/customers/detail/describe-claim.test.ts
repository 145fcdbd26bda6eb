import { describe, expect, it } from "vitest";
import type { AuditEventView } from "@/lib/audit/audit-event-view";
import { describeActivity } from "./describe-activity";

function claim(after: Record<string, unknown>, extra: Partial<AuditEventView> = {}): AuditEventView {
  return { id: "aud_1", action: "customer.claimed", target: {}, before: { id: null, email: "cfo@acme.test" }, after, actorKind: "end_customer", actorLabel: "x@acme.test", createdAt: new Date(0).toISOString(), ...extra } as unknown as AuditEventView;
}

describe("the timeline says how a pending customer was matched", () => {
  it("by invitation, with the email the claim replaced", () => {
    expect(describeActivity(claim({ id: "user_1", email: "assistant@acme.test", matched_by: "invitation" }))).toEqual({
      title: "Claimed through an invitation",
      detail: "The person opened the invitation, signed in, and the customer got the id user_1. Their verified email assistant@acme.test replaced cfo@acme.test.",
    });
  });

  it("by email at sign-in, and through the API; older events without matched_by read by who claimed", () => {
    expect(describeActivity(claim({ id: "user_1", matched_by: "email_at_sign_in" })).title).toBe("Claimed by sign-in");
    expect(describeActivity(claim({ id: "app_1", matched_by: "api" }, { actorKind: "api_key" })).title).toBe("Matched by email through the API and given the id app_1");
    expect(describeActivity(claim({ id: "user_2" })).title).toBe("Claimed by sign-in");
    expect(describeActivity(claim({ id: "app_2" }, { actorKind: "api_key" })).title).toBe("Matched by email through the API and given the id app_2");
  });

  it("owner changes and invitations", () => {
    expect(describeActivity({ ...claim({ owner_label: "Sam" }), action: "customer.owner_changed", before: { owner_label: "Ada" } }).title).toBe("Owner set to Sam");
    expect(describeActivity({ ...claim({ owner_label: null }), action: "customer.owner_changed", before: {} }).title).toBe("Owner removed");
    expect(describeActivity({ ...claim({ sent_to: "cfo@acme.test", expires_at: "2026-12-16" }), action: "customer.invitation_sent" }).title).toBe("Sent an invitation to cfo@acme.test");
    expect(describeActivity({ ...claim({ sent_to: null }), action: "customer.invitation_sent" }).title).toBe("Created an invitation link");
  });
});
