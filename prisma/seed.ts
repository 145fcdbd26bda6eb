// Demo data for development and tests. Idempotent: it creates what is missing and nothing else.
// API key secrets are printed once, when the key is created, and can never be shown again.
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { seedCatalog } from "./seed-catalog";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getOrCreateCustomerRecord } from "@/lib/customers/get-or-create-customer";
import type { Env } from "@/lib/generated/prisma";

export const DEMO_ADMIN_EMAIL = "admin@equinox.local";
const DEMO_KEY_NAME = "Demo key";

type DemoCustomer = { externalId: string | null; name: string; email: string };

const DEMO_CUSTOMERS: DemoCustomer[] = [
  { externalId: "user_123", name: "John Doe", email: "john@example.com" },
  { externalId: "user_456", name: "Ada Lovelace", email: "ada@analytical.example" },
  { externalId: "org_initech", name: "Initech", email: "billing@initech.example" },
  // Pre-created by sales for an enterprise deal: no id until the person first signs in.
  { externalId: null, name: "Globex Corporation", email: "procurement@globex.example" },
];

export async function seed(log: (line: string) => void = console.log): Promise<void> {
  const prisma = db();
  await prisma.user.upsert({
    where: { email: DEMO_ADMIN_EMAIL },
    update: {},
    create: { email: DEMO_ADMIN_EMAIL, name: "Demo Admin", role: "admin", emailVerified: new Date() },
  });

  for (const env of ["sandbox", "live"] as const satisfies Env[]) {
    const existing = await prisma.apiKey.findFirst({ where: { env, name: DEMO_KEY_NAME } });
    if (!existing) {
      const key = await createApiKey(systemCtx(env, "seed"), { name: DEMO_KEY_NAME });
      log(`  ${env} API key (shown once, keep it): ${key.secret}`);
    }
  }

  // Through the domain function, as the API and the dashboard create customers: default plans,
  // audit events and the pending-customer rules all apply. Get-or-create makes this idempotent.
  const seedCtx = systemCtx("sandbox", "seed");
  for (const customer of DEMO_CUSTOMERS) {
    await getOrCreateCustomerRecord(seedCtx, { customer_id: customer.externalId, name: customer.name, email: customer.email });
  }
  await seedCatalog(log);
}
