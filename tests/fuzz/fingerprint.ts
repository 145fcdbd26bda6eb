// A fingerprint of every record a fuzz run may touch (the customers it names and those its key
// created, their plans, grants and usage, and the key's audit trail), to prove that an error
// answer changed nothing. Shared by the in-process and the HTTP runs.
export const FINGERPRINT_SQL = `
  with scope as (select * from customers where env = 'sandbox' and (external_id = any($1) or created_by_id = $2))
  select (select count(*) from audit_events where env = 'sandbox' and actor_kind = 'api_key' and actor_id = $2) as audits,
         (select md5(coalesce(string_agg(concat_ws('|', id, external_id, name, email, fingerprint, metadata::text, send_email_receipts, claimed_at), ',' order by id), '')) from scope) as customers,
         (select count(stripe_id) from scope) as stripe_links,
         (select coalesce(sum(usage), 0) from grants where customer_id in (select id from scope)) as usage,
         (select count(*) from usage_events where customer_id in (select id from scope)) as events,
         (select md5(coalesce(string_agg(concat_ws('|', id, status, ends_at, canceled_at, quantity), ',' order by id), '')) from customer_plans where customer_id in (select id from scope)) as plans`;

export type Fingerprint = Record<string, unknown>;

/**
 * What an error answer changed, or undefined. One exception: a billing call that failed at Stripe
 * may have linked the customer's new Stripe customer first (by design: that step is idempotent
 * and the next attempt reuses it), which is one more link and its audit event.
 */
export function unexpectedChange(before: Fingerprint, after: Fingerprint, code: string | undefined): string | undefined {
  const allowed = code === "stripe_error" ? new Set(["audits", "stripe_links"]) : new Set<string>();
  const changed = Object.keys(before).filter((k) => String(before[k]) !== String(after[k]) && !allowed.has(k));
  return changed.length ? `${changed.join(", ")} changed: before ${JSON.stringify(before)} after ${JSON.stringify(after)}` : undefined;
}
