// Factories for tests: each call makes rows with unique names, so tests can run in parallel
// against one database without stepping on each other.
import { randomBytes } from "node:crypto";
import type { Env, StaffRole } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { systemCtx, type Ctx } from "@/lib/context";

export const unique = (prefix = "t") => `${prefix}_${randomBytes(5).toString("hex")}`;

export async function createStaffUser(options: { role?: StaffRole | null; email?: string } = {}) {
  return db().user.create({
    data: {
      email: options.email ?? `${unique("staff")}@equinox.test`,
      name: "Test Staff",
      role: options.role === undefined ? "staff" : options.role,
      emailVerified: new Date(),
    },
  });
}

export async function staffCtx(env: Env = "sandbox", role: StaffRole = "staff"): Promise<Ctx> {
  const user = await createStaffUser({ role });
  return { env, actor: { kind: "staff", userId: user.id, email: user.email!, role } };
}

export async function createTestApiKey(env: Env = "sandbox") {
  return createApiKey(systemCtx(env, "test"), { name: unique("key") });
}

/** A customer row as it would exist after creation (defaults to an id and a unique email). */
export async function createTestCustomer(options: { env?: Env; externalId?: string | null; email?: string | null; name?: string | null } = {}) {
  const email = options.email === undefined ? `${unique("c")}@example.test` : options.email;
  return db().customer.create({
    data: {
      id: newId("cus"),
      env: options.env ?? "sandbox",
      externalId: options.externalId === undefined ? unique("user") : options.externalId,
      name: options.name ?? "Test Customer",
      email,
      emailNormalized: normalizeEmail(email),
      createdByKind: "system",
      createdByLabel: "test",
    },
  });
}
