// The customer a reference names, as a scalar SQL subquery, for the hot reads that resolve it in
// the same statement as what they read (plans.list, events.aggregate, entities.get): one round
// trip and no ORM instead of findCustomerByRef's one to three Prisma reads. The precedence is
// findCustomerByRef's (customer-queries.ts), and the two must stay in step: the customer with that
// external id, else the one with that internal id (a pending customer has no external id), else
// the survivor a merged customer's id names. UNION ALL under LIMIT 1 runs its branches in order
// and stops at the first row, so a later branch is read only on a miss.
import "server-only";

/**
 * `(subquery)` giving the customer's internal id, or null when no customer of the environment has
 * that reference. `env` and `ref` are SQL expressions of type text: parameter placeholders (`$1`)
 * or columns of an outer row.
 */
export function customerPkByRefSql(env: string, ref: string): string {
  return `((select c.id from customers c where c.env = ${env}::"Env" and c.external_id = ${ref})
      union all (select c.id from customers c where c.env = ${env}::"Env" and c.id = ${ref})
      union all (select c.id from customer_aliases a join customers c on c.id = a.customer_id
                  where a.env = ${env}::"Env" and a.alias_id = ${ref} and c.env = ${env}::"Env")
      limit 1)`;
}
