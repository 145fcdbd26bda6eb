// Demo catalog: features (messages metered monthly, seats continuous, sso boolean) and plans
// (a free default plan, Pro paid monthly, Enterprise, a message top-up add-on) in both
// environments, then plans for the demo customers: the default plan for any sandbox customer
// that has none, and Globex's negotiated Enterprise deal (enabled by sales before Globex exists).
// Idempotent: it creates what is missing and changes nothing that exists.
import type { Env } from "@/lib/generated/prisma";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createFeature } from "@/lib/features/create-feature";
import type { CreateFeatureInput } from "@/lib/features/schemas";
import { createPlan } from "@/lib/plans/create-plan";
import type { CreatePlanInput } from "@/lib/plans/schemas";
import { enableDefaultPlans } from "@/lib/plans/enable-default-plans";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import { normalizeEmail } from "@/lib/email/normalize-email";

const FEATURES: CreateFeatureInput[] = [
  { featureId: "messages", name: "Messages", type: "single_use", eventNames: ["message_sent"] },
  { featureId: "seats", name: "Seats", type: "continuous_use", eventNames: ["seat_added"] },
  { featureId: "sso", name: "Single sign-on", type: "boolean" },
];

const PLANS: CreatePlanInput[] = [
  {
    planId: "free",
    name: "Free",
    description: "For trying things out.",
    group: "main",
    isDefault: true,
    items: [
      { featureId: "messages", included: 100, resetInterval: "month" },
      { featureId: "seats", included: 1 },
    ],
  },
  {
    planId: "pro",
    name: "Pro",
    description: "For small teams.",
    group: "main",
    price: { amount: 2000, currency: "usd", interval: "month" },
    items: [
      { featureId: "messages", included: 2000, resetInterval: "month" },
      { featureId: "seats", included: 5 },
    ],
  },
  {
    planId: "enterprise",
    name: "Enterprise",
    description: "Unlimited messages, SSO, and a contract.",
    group: "main",
    price: { amount: 50000, currency: "usd", interval: "month" },
    items: [
      { featureId: "messages", unlimited: true, resetInterval: "month" },
      { featureId: "seats", included: 50 },
      { featureId: "sso" },
    ],
  },
  {
    planId: "extra_messages",
    name: "1,000 extra messages",
    description: "A top-up that never expires.",
    isAddOn: true,
    price: { amount: 1000, currency: "usd", interval: "one_off" },
    items: [{ featureId: "messages", included: 1000 }],
  },
];

const GLOBEX_EMAIL = "procurement@globex.example";

export async function seedCatalog(log: (line: string) => void = console.log): Promise<void> {
  const prisma = db();
  for (const env of ["sandbox", "live"] as const satisfies Env[]) {
    const ctx = systemCtx(env, "seed");
    for (const feature of FEATURES) {
      const exists = await prisma.feature.findUnique({ where: { env_featureId: { env, featureId: feature.featureId } } });
      if (!exists) await createFeature(ctx, feature);
    }
    for (const plan of PLANS) {
      const exists = await prisma.plan.findUnique({ where: { env_planId: { env, planId: plan.planId } } });
      if (!exists) await createPlan(ctx, plan);
    }
  }
  log("  catalog: messages, seats, sso; plans free (default), pro, enterprise, extra_messages");

  const ctx = systemCtx("sandbox", "seed");
  const globex = await prisma.customer.findFirst({ where: { env: "sandbox", externalId: null, emailNormalized: normalizeEmail(GLOBEX_EMAIL) } });
  if (globex && !(await prisma.customerPlan.findFirst({ where: { customerId: globex.id, plan: { planId: "enterprise" } } }))) {
    await enablePlanForCustomer(ctx, {
      customerId: globex.id,
      planId: "enterprise",
      customPriceAmount: 45000,
      overrides: { seats: { included: 200 } },
      note: "Order form GLX-2026-001: $450/month, 200 seats",
    });
    log("  Globex (pending): Enterprise at a negotiated $450/month with 200 seats");
  }

  const withoutPlans = await prisma.customer.findMany({ where: { env: "sandbox", plans: { none: {} } }, select: { id: true } });
  for (const customer of withoutPlans) {
    await prisma.$transaction((tx) => enableDefaultPlans(tx, ctx, customer.id));
  }
}
