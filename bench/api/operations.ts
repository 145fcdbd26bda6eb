// The /v1 operations the API part measures (issue 16's nine, and references), as request bodies. Every request of a window is
// different where the operation needs it (new ids, pending customers to claim, random customers).
import { API_CUSTOMERS, API_ENTITY_CUSTOMERS, apiCustomerEmail, apiCustomerId, apiCustomerName, apiEntityId, pendingEmail } from "./seed";

export type OperationId =
  | "goc_existing"
  | "goc_new"
  | "goc_claim"
  | "check"
  | "check_send_event"
  | "track"
  | "plans_list"
  | "events_aggregate"
  | "entities_get"
  | "no_key"
  | "auth_only"
  | "bare_next"
  | "bare_next_json";

export type Operation = {
  id: OperationId;
  label: string;
  path: string;
  /** The body of request n of a window; `tag` names the window (unique per target and window). */
  body: (n: number, tag: string) => unknown;
  /** Needs a fresh pool of pending customers for each window. */
  claims?: boolean;
  /** The status every answer must have (default 200). */
  status?: number;
  /** Send no Authorization header. */
  noKey?: boolean;
  /** A reference measurement, not one of the operations (no target applies). */
  reference?: boolean;
  /** Measured on the bare Next.js app (bench/next-bare) in Equinox's place. */
  bareNext?: boolean;
  /** The CPU layer this reference isolates (bench/lib/layers.ts). */
  layer?: "http" | "auth";
};

// A fixed pseudo-random sequence (the same for the floor and Equinox): customer k of request n.
const customerOf = (n: number, tag: string) => {
  let h = 2166136261;
  for (const ch of `${tag}:${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % API_CUSTOMERS;
};

export const OPERATIONS: Operation[] = [
  {
    id: "goc_existing",
    label: "get-or-create, existing customer",
    path: "/v1/customers.get_or_create",
    body: (n, tag) => {
      const k = customerOf(n, tag);
      return { customer_id: apiCustomerId(k), name: apiCustomerName(k), email: apiCustomerEmail(k) };
    },
  },
  {
    id: "goc_new",
    label: "get-or-create, new id",
    path: "/v1/customers.get_or_create",
    body: (n, tag) => ({ customer_id: `new_${tag}_${n}`, name: `New Customer ${n}`, email: `new.${tag}.${n}@example.com` }),
  },
  {
    id: "goc_claim",
    label: "get-or-create, claims a pending customer",
    path: "/v1/customers.get_or_create",
    body: (n, tag) => ({ customer_id: `claimed_${tag}_${n}`, name: `Claimed Customer ${n}`, email: pendingEmail(tag, n) }),
    claims: true,
  },
  {
    id: "check",
    label: "check",
    path: "/v1/balances.check",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages" }),
  },
  {
    id: "check_send_event",
    label: "check with send_event",
    path: "/v1/balances.check",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages", required_balance: 1, send_event: true }),
  },
  {
    id: "track",
    label: "track",
    path: "/v1/balances.track",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages", value: 1 }),
  },
  {
    id: "plans_list",
    label: "plans.list for a customer",
    path: "/v1/plans.list",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)) }),
  },
  {
    // The customers that tracked in the track windows have usage in their hourly rollups.
    id: "events_aggregate",
    label: "events.aggregate, a customer's 30 days by day",
    path: "/v1/events.aggregate",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages", range: "30d" }),
  },
  {
    id: "entities_get",
    label: "entities.get",
    path: "/v1/entities.get",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag) % API_ENTITY_CUSTOMERS), entity_id: apiEntityId(customerOf(n, tag) % API_ENTITY_CUSTOMERS) }),
  },
  {
    // What the server costs before any SQL: the request is refused (401) for want of a key, by
    // the /v1 wrapper in Equinox and by the first line of the floor. The difference between the
    // two is the framework's own cost per request.
    id: "no_key",
    label: "reference: no key, 401 without SQL",
    path: "/v1/balances.check",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages" }),
    status: 401,
    noKey: true,
    reference: true,
    layer: "http",
  },
  {
    // A valid key, then a body the route refuses (400, no customer_id): HTTP and authentication
    // (the key's one indexed read), without the operation. Minus no_key: what authentication costs.
    id: "auth_only",
    label: "reference: valid key, body refused (400 after authentication)",
    path: "/v1/balances.check",
    body: () => ({ feature_id: "messages" }),
    status: 400,
    reference: true,
    layer: "auth",
  },
  {
    // The same request to a Next.js app with one route handler that answers 401 and does nothing
    // else (bench/next-bare), in Equinox's column: what Next.js itself costs per request here.
    id: "bare_next",
    label: "reference: bare Next.js app, one route answering 401",
    path: "/v1/balances.check",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages" }),
    status: 401,
    noKey: true,
    reference: true,
    bareNext: true,
  },
  {
    // A request an API route really handles: a JSON body read and parsed, a JSON answer, no key
    // and no SQL; the bare Next.js app against the floor, each with one route that does this.
    id: "bare_next_json",
    label: "reference: bare Next.js app, one route reading JSON and answering JSON",
    path: "/v1/bare.echo",
    body: (n, tag) => ({ customer_id: apiCustomerId(customerOf(n, tag)), feature_id: "messages" }),
    noKey: true,
    reference: true,
    bareNext: true,
  },
];
