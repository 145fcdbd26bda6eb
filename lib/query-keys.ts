// THE React Query key factory for the whole app. Every query key is built here, so that an
// invalidation after a mutation names exactly what it means (`queryKeys.audit.all`) and nobody
// collides by accident. Keys start with the area, then the environment where data depends on it.
import type { Env } from "@/lib/generated/prisma";
import type { AuditFilters } from "@/lib/audit/schemas";
import type { CustomerListQuery } from "@/lib/customers/customer-list-url";

export const queryKeys = {
  audit: {
    all: ["audit"] as const,
    events: (env: Env, filters: AuditFilters) => ["audit", env, "events", filters] as const,
  },
  customers: {
    all: ["customers"] as const,
    /** Every list page of an environment (invalidate after a create, edit or delete). */
    lists: (env: Env) => ["customers", env, "list"] as const,
    list: (env: Env, query: CustomerListQuery) => ["customers", env, "list", query] as const,
    /** Other customers that use an email (the edit dialog's warning). */
    emailUsers: (env: Env, email: string, exceptCustomerId: string | null) => ["customers", env, "email-users", email, exceptCustomerId] as const,
    /** Everything about one customer (prefix of its activity). */
    detail: (env: Env, customerId: string) => ["customers", env, "detail", customerId] as const,
    activity: (env: Env, customerId: string) => ["customers", env, "detail", customerId, "activity"] as const,
    /** What merging the customer into `into` would do (the merge dialog). */
    mergePreview: (env: Env, customerId: string, into: string) => ["customers", env, "detail", customerId, "merge-preview", into] as const,
    /** The merge dialog's survivor search. */
    mergeSearch: (env: Env, search: string) => ["customers", env, "merge-search", search] as const,
  },
} as const;
