// Data for the API part: 10,000 customers on the enterprise plan (a subscription, two balances and
// a flag each: what get-or-create returns and check/track decide on), and, before each window of
// the claim operation, a fresh pool of pending customers for its requests to claim.
import type pg from "pg";
import { ENV, enablePlans, msSql, ulidSql, type Catalog } from "../lib/catalog";

export const API_CUSTOMERS = 10_000;
export const apiCustomerId = (n: number) => `bench_api_${n}`;
export const apiCustomerEmail = (n: number) => `api.customer${n}@example.com`;
export const apiCustomerName = (n: number) => `API Customer ${n}`;

export async function seedApiCustomers(client: pg.ClientBase, catalog: Catalog): Promise<void> {
  await client.query(
    `insert into customers (id, env, external_id, name, email, email_normalized, metadata, created_at, updated_at, created_by_kind, created_by_label)
     select 'cus_' || ${ulidSql("s.ms", "'api' || s.i")}, $1::"Env", 'bench_api_' || s.i, 'API Customer ' || s.i,
            'api.customer' || s.i || '@example.com', 'api.customer' || s.i || '@example.com', '{"source": "bench"}'::jsonb,
            s.t, s.t, 'api_key', 'API key bench'
       from (select i, now() - interval '400 days' + i * interval '1 second' as t, ${msSql("now() - interval '400 days' + i * interval '1 second'")} as ms
               from generate_series(0, ${API_CUSTOMERS - 1}) as i offset 0) s`,
    [ENV],
  );
  await enablePlans(
    client,
    `select c.id, c.env, c.created_at as started, '${catalog.plans.enterprise.versionId}' as version_id from customers c where c.env = '${ENV}' and c.external_id like 'bench_api_%'`,
    "bench seed api",
  );
  await client.query("analyze customers, customer_plans, grants");
}

/** The first API_ENTITY_CUSTOMERS API customers have one seat entity each (entities.get). */
export const API_ENTITY_CUSTOMERS = 200;
export const apiEntityId = (n: number) => `seat_${n}`;

/**
 * One seat entity for each of the first API_ENTITY_CUSTOMERS customers, made through the API
 * itself (entities.create: the domain's own rules), 32 at a time.
 */
export async function seedApiEntities(serverUrl: string, apiKey: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < API_ENTITY_CUSTOMERS) {
        const n = next++;
        const response = await fetch(`${serverUrl}/v1/entities.create`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ customer_id: apiCustomerId(n), entity_id: apiEntityId(n), feature_id: "seats", name: `Seat ${n}` }),
        });
        if (!response.ok) throw new Error(`entities.create for ${apiCustomerId(n)}: ${response.status} ${await response.text()}`);
      }
    }),
  );
}

/** Pending customers `claim.<tag>.<n>@example.com` (n = 0 .. count-1), for one claim window. */
export async function seedPendingPool(client: pg.ClientBase, tag: string, count: number): Promise<void> {
  await client.query(
    `insert into customers (id, env, external_id, name, email, email_normalized, metadata, created_at, updated_at, created_by_kind, created_by_label)
     select 'cus_' || ${ulidSql("s.ms", `'${tag}' || s.i`)}, $1::"Env", null, null,
            'claim.' || $2 || '.' || s.i || '@example.com', 'claim.' || $2 || '.' || s.i || '@example.com', '{}'::jsonb,
            s.t, s.t, 'staff', 'sales@equinox.test'
       from (select i, now() - interval '1 day' as t, ${msSql("now() - interval '1 day'")} as ms from generate_series(0, $3::int - 1) as i offset 0) s`,
    [ENV, tag, count],
  );
}

export const pendingEmail = (tag: string, n: number) => `claim.${tag}.${n}@example.com`;

/** How many of a pool's customers were claimed (have an id now). */
export async function claimedFromPool(client: pg.ClientBase, tag: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from customers where env = $1 and email_normalized like $2 and external_id is not null`,
    [ENV, `claim.${tag}.%`],
  );
  return rows[0]!.n;
}
