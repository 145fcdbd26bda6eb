// A million customers, set-based: one INSERT ... SELECT over generate_series per table, inside
// PostgreSQL (no ORM, no round trip per row). Deterministic (derived from the row number, not
// random()), so every run searches the same data:
//   - names from 100 first and 100 last names (each last name is 1% of customers; every 100,000th
//     customer is a "Wolfeschlegel", the rare name), emails first.last<n>@domain, 60% at gmail.com;
//   - ids `user_` + 12 hex digits; internal ids ULID-shaped with the creation time (spread over
//     three years), as newId makes them;
//   - every 10th customer pending (no id yet), a third with a plan (free, pro or enterprise) and
//     its grants; one enterprise customer with 12 months of usage events (one every 5 minutes);
//   - the events' hourly rollups, as tracking would have kept them (the customer page's chart and
//     events.aggregate read those, not the events).
import type pg from "pg";
import { rebuildUsageRollups } from "../../lib/events/rebuild-usage-rollups";
import { ENV, enablePlans, msSql, ulidSql, withoutSecondaryIndexes, type Catalog } from "../lib/catalog";

const FIRST_NAMES = `Emma Liam Olivia Noah Ava Elijah Sophia James Isabella William Mia Benjamin Charlotte Lucas Amelia Henry Harper Alexander
  Evelyn Mason Abigail Michael Emily Ethan Elizabeth Daniel Mila Jacob Ella Logan Avery Jackson Sofia Levi Camila Sebastian Aria Mateo
  Scarlett Jack Victoria Owen Madison Theodore Luna Aiden Grace Samuel Chloe Joseph Penelope John Layla David Riley Wyatt Zoey Matthew
  Nora Luke Lily Asher Eleanor Carter Hannah Julian Lillian Grayson Addison Leo Aubrey Jayden Ellie Gabriel Stella Isaac Natalie Lincoln
  Zoe Anthony Leah Hudson Hazel Dylan Violet Ezra Aurora Thomas Savannah Charles Audrey Christopher Brooklyn Jaxon Bella Maverick Claire`
  .split(/\s+/)
  .filter(Boolean);
const LAST_NAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas
  Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
  Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Kowalski Nakamura Schmidt Dubois
  Rossi Jensen Novak Horvat Petrov Ivanova Silva Santos Costa Pereira Haddad Khan Patel Sharma Kim Park Chen Wang Tanaka Suzuki
  Müller Weber Fischer Becker Hoffmann Lindqvist Andersson Nilsson Larsen Berg Okafor Mensah Abubakar Diallo Moreau Laurent Girard
  Bianchi Romano Ricci Kovacs Nowak Wisniewski Dvorak Popescu Yilmaz`
  .split(/\s+/)
  .filter(Boolean);
const DOMAINS = ["yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "fastmail.com", "acme.io", "initech.com", "globex.net", "umbrella.co"];

export const SCALE_TERMS = {
  rare: "wolfeschlegel",
  onePercent: "kowalski",
  most: "gmail.com",
};

export type ScaleSeed = {
  customers: number;
  seconds: number;
  steps: { step: string; seconds: number; rows: number }[];
  /** usageRollupHours: the hourly rollup rows of its events (what its usage chart and events.aggregate read). */
  detailCustomer: { internalId: string; externalId: string; usageEvents: number; usageRollupHours: number };
  idPrefix: string;
  counts: Record<string, number>;
};

/** The row number of the detail customer: about a third of the way back in time, not pending. */
const detailIndex = (customers: number) => Math.floor((customers * 0.63) / 10) * 10 + 7;

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;

export async function seedScale(client: pg.ClientBase, catalog: Catalog, customers: number, log: (line: string) => void): Promise<ScaleSeed> {
  const steps: ScaleSeed["steps"] = [];
  const started = Date.now();
  const timed = async <T>(name: string, run: () => Promise<T>) => {
    const t = Date.now();
    const result = await run();
    steps.push({ step: name, seconds: (Date.now() - t) / 1000, rows: typeof result === "number" ? result : 0 });
    log(`${name}: ${typeof result === "number" ? `${result} rows ` : ""}in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return result;
  };
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const result = await client.query(sql, params);
    steps.push({ step: name, seconds: (Date.now() - t) / 1000, rows: result.rowCount ?? 0 });
    log(`${name}: ${result.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return result;
  };

  // Creation times: evenly over the last three years, the newest a few minutes ago; row i is
  // created after row i-1. Pending: i % 10 = 0. Emails: 60% gmail.com, the rest spread over DOMAINS.
  const createdAt = `(now() - interval '5 minutes' - ((${customers} - i) * (interval '3 years' / ${customers})))`;
  const first = `(${sqlArray(FIRST_NAMES)})[1 + ((i * 7919) % ${FIRST_NAMES.length})::int]`;
  const last = `(case when i % 100000 = 50000 then 'Wolfeschlegel' else (${sqlArray(LAST_NAMES)})[1 + ((i * 104729 / 7) % ${LAST_NAMES.length})::int] end)`;
  const domain = `(case when (i * 2654435761) % 100 < 60 then 'gmail.com' else (${sqlArray(DOMAINS)})[1 + ((i * 31) % ${DOMAINS.length})::int] end)`;
  // The detail customer (an enterprise customer since a year) and who else has a plan: a third of
  // the customers (2/9 free, 1/9 pro), chosen by a hash of the id so that they are spread
  // over time, never the detail customer nor customers that already have a plan (the API part's).
  const detailExternalId = `'user_' || substr(md5('user' || ${detailIndex(customers)}), 1, 12)`;
  const bucket = `(abs(hashtext(c.id)) % 9)`;
  const { plans } = catalog;

  // Bulk load with the secondary indexes of the loaded tables dropped, then built again.
  const load = await withoutSecondaryIndexes(client, ["customers", "customer_plans", "grants", "usage_events"], async () => {
    await step(
      "customers",
      `insert into customers (id, env, external_id, name, email, email_normalized, metadata, created_at, updated_at, created_by_kind, created_by_label)
       select 'cus_' || ${ulidSql("t.ms", "'cus' || t.i")}, $1::"Env",
              case when t.i % 10 = 0 then null else 'user_' || substr(md5('user' || t.i), 1, 12) end,
              t.first || ' ' || t.last, t.email, t.email, '{}'::jsonb, t.created_at, t.created_at,
              case when t.i % 10 = 0 then 'staff'::"ActorKind" else 'api_key'::"ActorKind" end,
              case when t.i % 10 = 0 then 'sales@equinox.test' else 'API key bench' end
         from (
           select i, ${createdAt} as created_at, ${msSql(createdAt)} as ms, ${first} as first, ${last} as last,
                  lower(translate(${first} || '.' || ${last}, 'ü', 'u')) || i || '@' || ${domain} as email
             from generate_series(1::bigint, ${customers}::bigint) as s(i)
           offset 0
         ) t`,
      [ENV],
    );
    const planned = await timed("customer plans and grants (a third of the customers)", () =>
      enablePlans(
        client,
        `select c.id, c.env, c.created_at as started,
                case when ${bucket} in (0, 3) then '${plans.free.versionId}'
                     when ${bucket} = 6 then '${plans.pro.versionId}'
                     when c.external_id = ${detailExternalId} then '${plans.enterprise.versionId}' end as version_id
           from customers c
          where c.env = '${ENV}' and c.id not in (select customer_id from customer_plans)
            and (${bucket} in (0, 3, 6) or c.external_id = ${detailExternalId})`,
        "bench seed scale",
      ),
    );
    // The detail customer's plan started a year ago (plus two days, so that its 12th monthly reset
    // is still ahead): its grants' periods and its events span 12 months.
    const anchor = "date_trunc('second', now() - interval '12 months' + interval '2 days')";
    await client.query(
      `update customer_plans set starts_at = ${anchor}, created_at = ${anchor}
        where customer_id = (select id from customers where env = $1 and external_id = ${detailExternalId})`,
      [ENV],
    );
    await client.query(
      `update grants g set reset_anchor = ${anchor}, last_reset_at = ${anchor} + interval '11 months', next_reset_at = ${anchor} + interval '12 months'
        where g.customer_id = (select id from customers where env = $1 and external_id = ${detailExternalId}) and g.reset_interval = 'month'`,
      [ENV],
    );
    return planned;
  });
  steps.push({ step: `indexes rebuilt (${load.indexes})`, seconds: load.rebuildSeconds, rows: 0 });
  log(`indexes rebuilt (${load.indexes}) in ${load.rebuildSeconds.toFixed(1)} s`);

  const detail = (
    await client.query<{ id: string; external_id: string }>(`select id, external_id from customers where env = $1 and external_id = ${detailExternalId}`, [ENV])
  ).rows[0];
  if (!detail) throw new Error("scale seed: the detail customer is missing");

  // Other customers' usage, so that usage_events is not one customer's table: 5 events over the
  // last 60 days for each of 100,000 customers with a plan. Then the detail customer's 12 months,
  // one event every 5 minutes.
  await step(
    "usage events (100,000 other customers)",
    `insert into usage_events (id, env, customer_id, feature_pk, value, event_name, created_at)
     select 'use_' || ${ulidSql("s.ms", "'bg' || s.customer_id || s.k")}, $1::"Env", s.customer_id, $2, 1, 'message_sent', s.t
       from (
         select c.customer_id, k, t, ${msSql("t")} as ms
           from (select customer_id from grants where feature_pk = $2 and customer_id <> $3 limit 100000) c
           cross join generate_series(1, 5) as k
           cross join lateral (select now() - (((hashtext(c.customer_id) & 1023) * 5 + k * 997) % 5184000) * interval '1 second' as t) tt
         offset 0
       ) s`,
    [ENV, catalog.features.messages, detail.id],
  );
  const events = await step(
    "usage events (12 months, one customer)",
    `insert into usage_events (id, env, customer_id, feature_pk, value, event_name, created_at)
     select 'use_' || ${ulidSql("s.ms", "'use' || s.ms")}, $1::"Env", $2, $3, 1 + (s.ms / 300000) % 5, 'message_sent', s.t
       from (select t, ${msSql("t")} as ms from generate_series(now() - interval '12 months', now() - interval '1 minute', interval '5 minutes') as t offset 0) s`,
    [ENV, detail.id, catalog.features.messages],
  );
  // The events went straight into usage_events, so their rollups are computed here, as the track
  // statement keeps them. The whole environment: nothing else writes usage while the seed runs, and
  // it includes the 100,000 customers above without naming them.
  await timed("usage rollups (hourly, plain and per event shape)", async () => {
    const rebuilt = await rebuildUsageRollups(client, { env: ENV });
    return rebuilt.rollups + rebuilt.propertyRollups;
  });
  await step(
    "grant usage of the detail customer",
    `update grants g set usage = (select coalesce(sum(value), 0) from usage_events u where u.customer_id = g.customer_id and u.feature_pk = g.feature_pk and u.created_at >= g.last_reset_at)
      where g.customer_id = $1 and g.feature_pk = $2`,
    [detail.id, catalog.features.messages],
  );
  await step("analyze", "analyze customers, customer_plans, grants, usage_events, usage_rollups, usage_property_rollups");
  const rollupHours = (await client.query<{ n: number }>(`select count(*)::int as n from usage_rollups where customer_id = $1`, [detail.id])).rows[0]!.n;

  const counts = (
    await client.query<Record<string, number>>(
      `select count(*)::int as customers,
              count(*) filter (where external_id is null)::int as pending,
              (select count(distinct customer_id)::int from customer_plans where status = 'active') as with_plan,
              count(*) filter (where search_text like '%' || $2 || '%')::int as rare,
              count(*) filter (where search_text like '%' || $3 || '%')::int as one_percent,
              count(*) filter (where search_text like '%' || $4 || '%')::int as most
         from customers where env = $1`,
      [ENV, SCALE_TERMS.rare, SCALE_TERMS.onePercent, SCALE_TERMS.most],
    )
  ).rows[0]!;
  const idPrefix = `user_${(await client.query<{ p: string }>(`select substr(md5('user' || 424242), 1, 4) as p`)).rows[0]!.p}`;
  counts.id_prefix = (await client.query<{ n: number }>(`select count(*)::int as n from customers where env = $1 and search_text like '%' || $2 || '%'`, [ENV, idPrefix])).rows[0]!.n;

  return {
    customers,
    seconds: (Date.now() - started) / 1000,
    steps,
    detailCustomer: { internalId: detail.id, externalId: detail.external_id, usageEvents: events.rowCount ?? 0, usageRollupHours: rollupHours },
    idPrefix,
    counts,
  };
}
