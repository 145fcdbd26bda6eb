// One audit event of a customer, in words: "Changed email from a to b", "Claimed by sign-in".
import { billingSummary } from "@/lib/billing/views/plan-billing-summary";
import type { AuditEventView } from "@/lib/audit/audit-event-view";
import { formatMoney, formatNumber } from "@/components/dashboard/format";

export type ActivityText = { title: string; detail?: string };

/** Names the page knows (plan id → plan name, feature id → feature name), for events that only kept ids. */
export type ActivityNames = { plans: Record<string, string>; features: Record<string, string> };

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const show = (value: unknown) => str(value) ?? (value === null || value === undefined ? "nothing" : JSON.stringify(value));

function describeUpdate(before: Json, after: Json): string {
  const parts: string[] = [];
  for (const field of Object.keys(after)) {
    const from = before[field];
    const to = after[field];
    switch (field) {
      case "email":
        parts.push(from ? `Changed email from ${show(from)} to ${show(to)}` : `Set email to ${show(to)}`);
        break;
      case "name":
        parts.push(from ? `Renamed from ${show(from)} to ${show(to)}` : `Set name to ${show(to)}`);
        break;
      case "id":
        parts.push(from ? `Changed id from ${show(from)} to ${show(to)}` : `Assigned id ${show(to)}`);
        break;
      case "metadata":
        parts.push("Edited metadata");
        break;
      case "stripe_id":
        parts.push(to ? `Linked Stripe customer ${show(to)}` : "Unlinked the Stripe customer");
        break;
      case "self_serve_cancel":
        parts.push(to ? "Allowed cancelling plans in the portal" : "Turned off cancelling plans in the portal");
        break;
      default:
        parts.push(`Changed ${field.replace(/_/g, " ")}`);
    }
  }
  return parts.length > 0 ? parts.join("; ") : "Updated the customer";
}

function planTerms(snapshot: Json): string | undefined {
  const terms: string[] = [];
  if (typeof snapshot.customPriceAmount === "number") {
    terms.push(`negotiated price ${formatMoney(snapshot.customPriceAmount, str(snapshot.customCurrency) ?? "usd")}`);
  }
  for (const [featureId, override] of Object.entries(obj(snapshot.overrides))) {
    const o = obj(override);
    terms.push(`${featureId}: ${o.unlimited ? "unlimited" : typeof o.included === "number" ? formatNumber(o.included) : "custom"}`);
  }
  if (str(snapshot.endsAt)) terms.push(`until ${str(snapshot.endsAt)!.slice(0, 10)}`);
  if (str(snapshot.note)) terms.push(`note: ${str(snapshot.note)}`);
  return terms.length > 0 ? terms.join(" · ") : undefined;
}

/** What a merge moved (recorded as `moves` on both customers' events). */
function describeMergeMoves(after: Json): string | undefined {
  const moves = obj(after.moves);
  const count = (value: unknown, one: string, many = `${one}s`) => (typeof value === "number" && value > 0 ? `${formatNumber(value)} ${value === 1 ? one : many}` : null);
  const plans = Array.isArray(moves.plans) ? moves.plans.length : 0;
  const parts = [
    count(plans, "plan"),
    count(moves.balances, "balance"),
    count(moves.usageEvents, "usage event"),
    count(moves.entities, "entity", "entities"),
    moves.stripeLink ? "the Stripe link" : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? `Moved ${parts.join(", ")}` : undefined;
}

export function describeActivity(event: AuditEventView, names: ActivityNames = { plans: {}, features: {} }): ActivityText {
  const target = obj(event.target);
  const before = obj(event.before);
  const after = obj(event.after);
  // An event keeps plan ids; the page knows their names. The name recorded with the event wins
  // (it still reads right after a rename), then the page's, then the id.
  const planName = (id: unknown, recorded?: unknown) => str(recorded) ?? (str(id) ? (names.plans[str(id)!] ?? str(id)!) : null);
  const plan = planName(target.planId, target.planName) ?? "a plan";
  switch (event.action) {
    case "customer.created":
      return after.id ? { title: `Created the customer with id ${show(after.id)}` } : { title: "Pre-created the customer without an id", detail: `Matched by email (${show(after.email)}) at the first sign-in` };
    case "customer.updated":
      return { title: describeUpdate(before, after), detail: str(target.via) === "get_or_create" ? "Filled in by get-or-create" : undefined };
    case "customer.claimed":
      return describeClaim(event, before, after);
    case "customer_plan.billing_configured": {
      const text = billingSummary({
        mode: str(after.billing_mode) ?? null,
        state: str(after.billing_state) ?? "none",
        daysUntilDue: typeof after.days_until_due === "number" ? after.days_until_due : null,
        autoFinalize: typeof after.auto_finalize === "boolean" ? after.auto_finalize : null,
        activateOnPayment: after.activate_on_payment === true,
        onContractEnd: str(after.on_contract_end) ?? null,
        reminderDays: typeof after.renewal_reminder_days === "number" ? after.renewal_reminder_days : null,
        cancelAtPeriodEnd: false,
        currentPeriodEnd: null,
      }).text;
      // The event names the plan by its internal id: shown only when the page knows it by that id.
      const known = str(target.planId) ? names.plans[str(target.planId)!] : undefined;
      return { title: `Billing set: ${text}`, detail: known ? `For ${known}` : after.activate_on_payment === true ? "Active once paid" : undefined };
    }
    case "customer.owner_changed":
      return { title: after.owner_label ? `Owner set to ${show(after.owner_label)}` : "Owner removed", detail: before.owner_label ? `Was ${show(before.owner_label)}` : undefined };
    case "customer.invitation_sent":
      return { title: after.sent_to ? `Sent an invitation to ${show(after.sent_to)}` : "Created an invitation link", detail: `Expires ${show(after.expires_at)}` };
    case "customer.invitation_revoked":
      return { title: "Revoked an invitation", detail: after.sent_to ? `It was sent to ${show(after.sent_to)}` : undefined };
    case "customer.deleted":
      return { title: "Deleted the customer" };
    case "customer.merged": {
      const merged = obj(target.merged);
      return { title: `Merged ${show(merged.id ?? merged.email ?? merged.internal_id)} into this customer`, detail: describeMergeMoves(after) };
    }
    case "customer.merged_into": {
      const survivor = obj(after.survivor);
      return { title: `Merged into ${show(survivor.id ?? survivor.email ?? survivor.internal_id)}`, detail: describeMergeMoves(after) };
    }
    case "customer_plan.enabled":
      return { title: `Enabled ${plan}`, detail: str(target.reason) ?? planTerms(after) };
    case "customer_plan.canceled":
      return { title: `Canceled ${plan}`, detail: str(target.supersededBy) ? `Superseded by ${planName(target.supersededBy, target.supersededByName)}` : undefined };
    case "customer_plan.removed":
      return { title: `Removed ${plan}` };
    case "customer_plan.replaced":
      return { title: `${plan} was replaced by ${planName(target.replacedBy, target.replacedByName) ?? "another plan"}` };
    case "customer_plan.expired":
      return { title: `${plan} expired` };
    case "customer_plan.migrated":
      return { title: `Moved to version ${show(target.toVersion)} of ${plan}`, detail: `From version ${show(target.fromVersion)}; a negotiated price or override stays` };
    case "balance.adjusted": {
      const featureId = str(target.featureId);
      const feature = featureId ? (names.features[featureId] ?? featureId) : "a balance";
      const from = typeof before.granted === "number" ? formatNumber(before.granted) : "?";
      const to = typeof after.granted === "number" ? formatNumber(after.granted) : "?";
      return { title: `Adjusted ${feature}: granted ${from} → ${to}`, detail: str(target.reason) ? `Reason: ${str(target.reason)}` : undefined };
    }
    default:
      return { title: event.action.replace(/[._]/g, " ") };
  }
}

/** How the claim matched the customer (after.matched_by; older events: by who claimed it). */
function describeClaim(event: AuditEventView, before: Record<string, unknown>, after: Record<string, unknown>): ActivityText {
  const matchedBy = str(after.matched_by) ?? (event.actorKind === "end_customer" ? "email_at_sign_in" : "api");
  const emailChange = str(after.email) ? ` Their verified email ${show(after.email)} replaced ${show(before.email)}.` : "";
  switch (matchedBy) {
    case "invitation":
      return { title: "Claimed through an invitation", detail: `The person opened the invitation, signed in, and the customer got the id ${show(after.id)}.${emailChange}` };
    case "email_at_sign_in":
      return { title: "Claimed by sign-in", detail: `Matched by email at sign-in: the person signed in with the customer's email and it got the id ${show(after.id)}` };
    default:
      return { title: `Matched by email through the API and given the id ${show(after.id)}` };
  }
}
