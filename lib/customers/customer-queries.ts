// The one home of the queries that find and lock customer rows, for every area (customers,
// plans, balances, billing, portal): by reference (external id, else internal id), by external
// id, by internal id, the pending customer of a normalised email, by Stripe id, with or without a
// row lock. Writing a customer is the customers area's (insert-customer.ts, update-customer.ts,
// ...) except for the two links other areas own: the Stripe link and the portal user link, also here.
//
// Which lock: FOR UPDATE for a change of the customer row itself; FOR NO KEY UPDATE
// (lockCustomerForGrantChange) before a change of the customer's plans or balances, which does
// not block the foreign-key checks of concurrent usage inserts (see customer-plan-lifecycle.ts).
import "server-only";
import { Prisma, type Customer, type Env } from "@/lib/generated/prisma";
import { pool, type Db, type Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import type { NormalizedEmail } from "@/lib/email/normalize-email";
import { customerNotFound } from "@/lib/errors";

/** The columns of a customer row under Prisma's field names, for raw SQL that returns `Customer`s. */
export const CUSTOMER_COLUMNS = Prisma.raw(
  [
    `c.id`,
    `c.env`,
    `c.external_id as "externalId"`,
    `c.name`,
    `c.email`,
    `c.email_normalized as "emailNormalized"`,
    `c.billing_email as "billingEmail"`,
    `c.fingerprint`,
    `c.stripe_id as "stripeId"`,
    `c.metadata`,
    `c.send_email_receipts as "sendEmailReceipts"`,
    `c.created_at as "createdAt"`,
    `c.updated_at as "updatedAt"`,
    `c.created_by_kind as "createdByKind"`,
    `c.created_by_id as "createdById"`,
    `c.created_by_label as "createdByLabel"`,
    `c.claimed_at as "claimedAt"`,
    `c.claimed_by_kind as "claimedByKind"`,
    `c.claimed_by_id as "claimedById"`,
    `c.claimed_by_label as "claimedByLabel"`,
    `c.linked_user_id as "linkedUserId"`,
    `c.owner_id as "ownerId"`,
    `c.claim_matched_by as "claimMatchedBy"`,
    `c.self_serve_cancel as "selfServeCancel"`,
  ].join(", "),
);

type Client = Db | Tx;
/** `true`: FOR UPDATE, until the transaction ends (a Tx is then required). */
type LockOption = { lock?: boolean };

const forUpdate = (options: LockOption) => (options.lock ? Prisma.sql` for update` : Prisma.empty);

// ---- By reference: external id first, then internal id ----------------------------------------

/**
 * The customer a reference names: the one with that external id, else the one with that internal
 * id (so a pending customer, which has no external id, can still be addressed), else the survivor
 * a merged customer's id names. One statement (the customer page and every API read by reference
 * asked up to three in turn), with the precedence of customerPkByRefSql (customer-ref-sql.ts):
 * each branch is an index lookup of at most one row, ranked, and the ORDER BY keeps the first.
 */
export async function findCustomerByRef(client: Client, env: Env, ref: string): Promise<Customer | null> {
  const rows = await selectRows<Customer>(
    client,
    Prisma.sql`select ${CUSTOMER_COLUMNS} from (
                 (select c.*, 1 as priority from customers c where c.env = ${env}::"Env" and c.external_id = ${ref})
                 union all (select c.*, 2 as priority from customers c where c.env = ${env}::"Env" and c.id = ${ref})
                 union all (select c.*, 3 as priority from customer_aliases a join customers c on c.id = a.customer_id
                             where a.env = ${env}::"Env" and a.alias_id = ${ref} and c.env = ${env}::"Env")
               ) c order by c.priority limit 1`,
  );
  return rows[0] ?? null;
}

/**
 * What findCustomerByRef answered for `ref` in `env`, when a caller reads it anyway: the customer
 * page reads its customer once per request and hands this to its loaders (as a promise, so that
 * they run while it is read), which then neither look the customer up again nor check again that
 * it exists (customerByRef, knownCustomerById). A rejected promise fails the loader with its error.
 */
export type KnownCustomer = { env: Env; ref: string; customer: Customer };
export type KnownCustomerArg = KnownCustomer | Promise<KnownCustomer>;

/** findCustomerByRef, answered by `known` when it is that very question's answer (same env and ref). */
export async function customerByRef(client: Client, env: Env, ref: string, known?: KnownCustomerArg): Promise<Customer | null> {
  const answer = await known;
  if (answer && answer.env === env && answer.ref === ref && answer.customer.env === env) return answer.customer;
  return findCustomerByRef(client, env, ref);
}

/** The known customer's row when it is the customer of `env` with internal id `id`; undefined: the caller reads it. */
export async function knownCustomerById(env: Env, id: string, known?: KnownCustomerArg): Promise<Customer | undefined> {
  const answer = await known;
  return answer && answer.customer.env === env && answer.customer.id === id ? answer.customer : undefined;
}

/** customerExists, answered without a query when `known` is this customer. */
export async function customerIdExists(client: Client, env: Env, id: string, known?: KnownCustomerArg): Promise<boolean> {
  if (await knownCustomerById(env, id, known)) return true;
  return customerExists(client, env, id);
}

/** As findCustomerByRef, locking the row until the transaction ends (FOR UPDATE). */
export async function lockCustomerByRef(tx: Tx, env: Env, ref: string): Promise<Customer | null> {
  return (
    (await findCustomerByExternalId(tx, env, ref, { lock: true })) ??
    (await findCustomerById(tx, env, ref, { lock: true })) ??
    (await findAliasedCustomer(tx, env, ref, { lock: true }))
  );
}

// ---- Aliases: the ids of customers merged into another (lib/customers/merge-customers.ts) ------

/** The survivor's internal id when `ref` was the id (external or internal) of a customer merged into it. */
export async function findAliasedCustomerId(client: Client, env: Env, ref: string): Promise<string | undefined> {
  const rows = await selectRows<{ customerId: string }>(
    client,
    Prisma.sql`select a.customer_id as "customerId" from customer_aliases a where a.env = ${env}::"Env" and a.alias_id = ${ref}`,
  );
  return rows[0]?.customerId;
}

/**
 * The customer with this external id, else the survivor of a merged customer that had it: get-or-create's
 * read. Unlocked, one statement whose second branch runs only on a miss (LIMIT 1 over UNION ALL).
 */
export async function findCustomerByExternalIdOrAlias(client: Client, env: Env, externalId: string, options: LockOption = {}): Promise<Customer | undefined> {
  if (options.lock) {
    return (await findCustomerByExternalId(client, env, externalId, options)) ?? (await findAliasedCustomer(client, env, externalId, options)) ?? undefined;
  }
  const rows = await selectRows<Customer>(
    client,
    Prisma.sql`(select ${CUSTOMER_COLUMNS} from customers c where c.env = ${env}::"Env" and c.external_id = ${externalId})
               union all
               (select ${CUSTOMER_COLUMNS} from customer_aliases a join customers c on c.id = a.customer_id where a.env = ${env}::"Env" and a.alias_id = ${externalId})
               limit 1`,
  );
  return rows[0];
}

/** The survivor a merged customer's id names, or null; `lock`: FOR UPDATE, as lockCustomerByRef. */
export async function findAliasedCustomer(client: Client, env: Env, ref: string, options: LockOption = {}): Promise<Customer | null> {
  const survivorId = await findAliasedCustomerId(client, env, ref);
  return survivorId === undefined ? null : ((await findCustomerById(client, env, survivorId, options)) ?? null);
}

/** As lockCustomerByRef; customer_not_found (404) when there is none. */
export async function lockExistingCustomerByRef(tx: Tx, env: Env, ref: string): Promise<Customer> {
  const customer = await lockCustomerByRef(tx, env, ref);
  if (!customer) throw customerNotFound(ref);
  return customer;
}

// ---- By one key -------------------------------------------------------------------------------

// Plain SQL through selectRows rather than the ORM: one prepared statement per shape, on the paths
// every sign-in and get-or-create takes.
export async function findCustomerByExternalId(client: Client, env: Env, externalId: string, options: LockOption = {}): Promise<Customer | undefined> {
  const rows = await selectRows<Customer>(
    client,
    Prisma.sql`select ${CUSTOMER_COLUMNS} from customers c where c.env = ${env}::"Env" and c.external_id = ${externalId}${forUpdate(options)}`,
  );
  return rows[0];
}

export async function findCustomerById(client: Client, env: Env, id: string, options: LockOption = {}): Promise<Customer | undefined> {
  const rows = await selectRows<Customer>(client, Prisma.sql`select ${CUSTOMER_COLUMNS} from customers c where c.env = ${env}::"Env" and c.id = ${id}${forUpdate(options)}`);
  return rows[0];
}

/** Whether the customer (internal id) exists in this environment. */
export async function customerExists(client: Client, env: Env, id: string): Promise<boolean> {
  return (await client.customer.findFirst({ where: { id, env }, select: { id: true } })) !== null;
}

/**
 * The pending customer (no external id yet) of a normalised email: there is at most one per
 * environment (a unique index). `lock`: FOR UPDATE, not SKIP LOCKED: a pending row that is merely
 * being edited must still be found. `except`: leave this customer (internal id) out.
 */
export async function findPendingCustomerByEmail(
  client: Client,
  env: Env,
  email: NormalizedEmail | null,
  options: LockOption & { except?: string } = {},
): Promise<Customer | undefined> {
  if (email === null) return undefined;
  const except = options.except !== undefined ? Prisma.sql` and c.id <> ${options.except}` : Prisma.empty;
  const rows = await selectRows<Customer>(
    client,
    Prisma.sql`select ${CUSTOMER_COLUMNS} from customers c
                where c.env = ${env}::"Env" and c.external_id is null and c.email_normalized = ${email}${except}${forUpdate(options)}`,
  );
  return rows[0];
}

/** The customer linked to this Stripe customer (unique per environment); `except`: leave this one out. */
export async function findCustomerByStripeId(client: Client, env: Env, stripeId: string, options: { except?: string } = {}): Promise<Customer | null> {
  return client.customer.findFirst({ where: { env, stripeId, ...(options.except !== undefined ? { id: { not: options.except } } : {}) } });
}

/**
 * Locks the customer row (internal id) before a change of its plans or balances: FOR NO KEY
 * UPDATE, which does not block the foreign-key checks of usage inserts. False when there is no
 * such customer.
 */
export async function lockCustomerForGrantChange(tx: Tx, env: Env, customerId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`select id from customers where id = ${customerId} and env = ${env}::"Env" for no key update`;
  return rows.length > 0;
}

/** As lockCustomerForGrantChange, returning the row (billing: while Stripe is asked to create its customer). */
export async function lockCustomerRowForGrantChange(tx: Tx, env: Env, customerId: string): Promise<Customer | undefined> {
  const [row] = await tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c where c.id = ${customerId} and c.env = ${env}::"Env" for no key update`;
  return row;
}

// ---- The portal user's customer ---------------------------------------------------------------

/** Both are unique per environment; should two rows match, the one with the user's id wins. */
const preferOwnId = (rows: Customer[], userId: string) => rows.find((row) => row.externalId === userId) ?? rows[0] ?? null;

/** The customer tied to a portal user: its id is the user's id, or it was linked to the user. */
export async function findPortalUserCustomer(client: Client, env: Env, userId: string, options: LockOption = {}): Promise<Customer | null> {
  const rows = options.lock
    ? await (client as Tx).$queryRaw<Customer[]>`
        select ${CUSTOMER_COLUMNS} from customers c
         where c.env = ${env}::"Env" and (c.external_id = ${userId} or c.linked_user_id = ${userId})
         for update`
    : await client.customer.findMany({ where: { env, OR: [{ externalId: userId }, { linkedUserId: userId }] }, take: 2 });
  return preferOwnId(rows, userId);
}

/**
 * The customers with ids an application gave them (through the API) with this email that are
 * nobody's yet: not linked to a portal user, and whose id is not a portal user's own. Locked.
 */
export async function lockUnlinkedCustomersWithEmail(tx: Tx, env: Env, email: NormalizedEmail): Promise<Customer[]> {
  return tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c
     where c.env = ${env}::"Env" and c.external_id is not null and c.email_normalized = ${email}
       and c.linked_user_id is null
       -- Not a customer that already is a portal user's own (its id is that user's id).
       and not coalesce(c.created_by_kind = 'end_customer' and c.created_by_id = c.external_id, false)
       and not coalesce(c.claimed_by_kind = 'end_customer' and c.claimed_by_id = c.external_id, false)
       and not exists (select 1 from users u where u.id = c.external_id)
     order by c.created_at, c.id
     for update`;
}

// ---- The links other areas own ----------------------------------------------------------------

/** Links (or, with null, unlinks) the customer's Stripe customer; the updated row. */
export async function setCustomerStripeId(tx: Tx, customerId: string, stripeId: string | null): Promise<Customer> {
  return tx.customer.update({ where: { id: customerId }, data: { stripeId } });
}

/** Links the customer to a portal user; the updated row. */
export async function linkCustomerToPortalUser(tx: Tx, customerId: string, userId: string): Promise<Customer> {
  return tx.customer.update({ where: { id: customerId }, data: { linkedUserId: userId } });
}

/** Billing: the name and email edited in Stripe, brought over (the caller checked the pending-email rule). */
export async function setCustomerNameAndEmail(
  tx: Tx,
  customerId: string,
  changes: { name?: string; email?: string; emailNormalized?: NormalizedEmail | null; billingEmail?: string },
): Promise<Customer> {
  return tx.customer.update({ where: { id: customerId }, data: changes });
}

/** Every customer (pending or not) using this normalised email, newest first; `except`: leave this one out. */
export async function findCustomersUsingEmail(client: Client, env: Env, email: NormalizedEmail, options: { except?: string; take: number }) {
  return client.customer.findMany({
    where: { env, emailNormalized: email, ...(options.except ? { id: { not: options.except } } : {}) },
    select: { id: true, externalId: true, name: true, email: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.take,
  });
}

/** Which of these references (external or internal ids) name a customer of this environment: one query for a whole batch. */
export async function existingCustomerRefs(env: Env, refs: string[]): Promise<Set<string>> {
  const { rows } = await pool().query<{ ref: string }>(
    `select unnest(array[external_id, id]) as ref from customers where env = $1::"Env" and (external_id = any($2::text[]) or id = any($2::text[]))`,
    [env, refs],
  );
  const known = new Set(rows.map((row) => row.ref));
  // A merged customer's id is known too (it answers as the survivor): asked only for the misses.
  const missing = refs.filter((ref) => !known.has(ref));
  if (missing.length > 0) {
    const aliases = await pool().query<{ ref: string }>(`select alias_id as ref from customer_aliases where env = $1::"Env" and alias_id = any($2::text[])`, [
      env,
      missing,
    ]);
    for (const row of aliases.rows) known.add(row.ref);
  }
  return known;
}
