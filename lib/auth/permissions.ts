// The one table of who may do what. Domain functions call `authorize` before they act; pages,
// actions and routes never decide this themselves.
import type { Ctx } from "@/lib/context";
import type { StaffRole } from "@/lib/generated/prisma";
import { forbidden } from "@/lib/errors";

export type Permission =
  | "customers:read"
  | "customers:write"
  | "balances:write"
  | "catalog:read"
  | "catalog:write"
  | "api_keys:manage"
  | "staff:manage"
  | "audit:read"
  | "webhooks:manage";

const STAFF: readonly Permission[] = ["customers:read", "customers:write", "balances:write", "catalog:read", "audit:read"];
const ADMIN: readonly Permission[] = [...STAFF, "catalog:write", "api_keys:manage", "staff:manage", "webhooks:manage"];
// The public API is the application acting on its own customers and usage, and (as Autumn's
// features.* and plans.* routes do) keeping its catalog as code.
const API_KEY: readonly Permission[] = ["customers:read", "customers:write", "balances:write", "catalog:read", "catalog:write"];

export function can(ctx: Ctx, permission: Permission): boolean {
  const { actor } = ctx;
  switch (actor.kind) {
    case "system":
    case "stripe_webhook":
      return true;
    case "api_key":
      return API_KEY.includes(permission);
    case "staff":
      return roleCan(actor.role, permission);
    case "end_customer":
      // End customers only ever read their own record, through the portal's own functions.
      return false;
  }
}

/** The same table, by role: the dashboard uses it to hide what a role may not do (the domain still refuses). */
export function roleCan(role: StaffRole, permission: Permission): boolean {
  return (role === "admin" ? ADMIN : STAFF).includes(permission);
}

export function authorize(ctx: Ctx, permission: Permission): void {
  if (!can(ctx, permission)) throw forbidden(`Your role does not allow ${permission.replace(":", " ")}`);
}
