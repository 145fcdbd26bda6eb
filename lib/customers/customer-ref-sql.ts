// The customer a reference names, as a scalar SQL subquery, for the hot reads that resolve it in
// the same statement as what they read (plans.list, events.aggregate, entities.get): one round
// trip and no ORM. The precedence is findCustomerByRef's (customer-queries.ts, itself one statement
// of the same shape), and the two must stay in step: the customer with that
// external id, else the one with that internal id (a pending customer has no external id), else
// the survivor a merged customer's id names. Each branch carries its rank and the rows are ordered
// by it: SQL does not promise UNION ALL's order under LIMIT 1, the explicit ORDER BY does (each
// branch is an index lookup of at most one row, so the sort is of three rows at most).
import "server-only";

/**
 * `(subquery)` giving the customer's internal id, or null when no customer of the environment has
 * that reference. `env` and `ref` are SQL expressions of type text: parameter placeholders (`$1`)
 * or columns of an outer row.
 */
export function customerPkByRefSql(env: string, ref: string): string {
  return `(select r.id from (
        (select c.id, 1 as priority from customers c where c.env = ${env}::"Env" and c.external_id = ${ref})
        union all (select c.id, 2 as priority from customers c where c.env = ${env}::"Env" and c.id = ${ref})
        union all (select c.id, 3 as priority from customer_aliases a join customers c on c.id = a.customer_id
                    where a.env = ${env}::"Env" and a.alias_id = ${ref} and c.env = ${env}::"Env")
      ) r order by r.priority limit 1)`;
}
