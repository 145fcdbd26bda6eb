// The records the authorization matrices aim at (a customer with a plan, a feature, a plan, an API
// key, a staff member to demote or remove), the users who call, and a fingerprint of all of it
// that must not move while calls are refused.
import { randomBytes } from "node:crypto";
import { db, pool } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { createTestApiKey, createStaffUser, unique } from "@/tests/factories";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";

export type SessionUserShape = { id: string; email: string; name: string | null; image: string | null; role: "admin" | "staff" | null };

export async function createAuthzWorld() {
  const tag = unique("az");
  const { feature, plan } = await createMeteredPlan({ included: 100 });
  const externalId = `${tag}_customer`;
  await getOrCreateCustomer(systemCtx("sandbox", "authz setup"), { customer_id: externalId, email: `${tag}@example.test`, name: "Target" });
  const customer = await db().customer.findFirstOrThrow({ where: { env: "sandbox", externalId } });
  const enabled = await enableTestPlan(customer.id, plan.id);
  const apiKey = await createTestApiKey("sandbox");
  const victim = await createStaffUser({ role: "admin" });
  const victimSession = `victim_${randomBytes(16).toString("hex")}`;
  await db().session.create({ data: { sessionToken: victimSession, userId: victim.id, expires: new Date(Date.now() + 86_400_000) } });

  const user = async (role: "admin" | "staff" | null): Promise<SessionUserShape> => {
    const row = await createStaffUser({ role });
    return { id: row.id, email: row.email!, name: row.name, image: null, role };
  };
  const callers = { endCustomer: await user(null), staff: await user("staff"), admin: await user("admin") };

  /** Everything a refused call could have touched, as one comparable string. */
  const fingerprint = async () => {
    const { rows } = await pool().query(
      `select json_build_object(
         'customer', (select row_to_json(c) from (select external_id, name, email, metadata, stripe_id, updated_at from customers where id = $1) c),
         'plans', (select json_agg(row_to_json(p) order by p.id) from (select id, status, ends_at, canceled_at, updated_at from customer_plans where customer_id = $1) p),
         'grants', (select json_agg(row_to_json(g) order by g.id) from (select id, granted, usage, active from grants where customer_id = $1) g),
         'key', (select revoked_at from api_keys where id = $2),
         'victim', (select role from users where id = $3),
         'victimSessions', (select count(*) from sessions where user_id = $3),
         'feature', (select row_to_json(f) from (select name, archived_at, event_names from features where env = 'sandbox' and feature_id = $4) f),
         'plan', (select row_to_json(p) from (select name, archived_at, is_default from plans where env = 'sandbox' and plan_id = $5) p),
         'made', (select count(*) from customers where external_id like $6) + (select count(*) from api_keys where name like $6)
                 + (select count(*) from features where feature_id like $6) + (select count(*) from plans where plan_id like $6)
                 + (select count(*) from users where email like $6),
         'audit', (select count(*) from audit_events where actor_id = any($7))
       ) as state`,
      [customer.id, apiKey.id, victim.id, feature.id, plan.id, `${tag}%`, Object.values(callers).map((c) => c.id)],
    );
    return JSON.stringify(rows[0].state);
  };

  return { tag, customer, feature, plan, customerPlanId: enabled.customerPlan.id, apiKey, victim, victimSession, callers, fingerprint };
}

export type AuthzWorld = Awaited<ReturnType<typeof createAuthzWorld>>;
