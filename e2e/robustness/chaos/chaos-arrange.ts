// The chaos run's fixture, made through the domain (as the system) on the chaos run's own database:
// an API key, a metered feature and a plan granting plenty of it. Run by chaos-run.ts as
// `tsx --conditions=react-server` with DATABASE_URL and AUTH_SECRET set; prints one JSON line.
import { randomBytes } from "node:crypto";
import { systemCtx } from "../../../lib/context";
import { closeDb } from "../../../lib/db";
import { createApiKey } from "../../../lib/api-keys/create-api-key";
import { createFeature } from "../../../lib/features/create-feature";
import { createPlan } from "../../../lib/plans/create-plan";

const FIXTURE_LINE = "chaos-fixture "; // what chaos-run.ts looks for

async function main() {
  const ctx = systemCtx("sandbox", "chaos");
  const tag = randomBytes(4).toString("hex");
  const key = await createApiKey(ctx, { name: "chaos" });
  const feature = await createFeature(ctx, { featureId: `calls_${tag}`, name: "Calls", type: "single_use" });
  const plan = await createPlan(ctx, { planId: `chaos_${tag}`, name: "Chaos", items: [{ featureId: feature.id, included: 1_000_000 }] });
  await closeDb();
  const fixture = { secret: key.secret, featureId: feature.id, planId: plan.id, customers: [0, 1, 2, 3].map((n) => `chaos_customer_${n}_${tag}`) };
  process.stdout.write(`${FIXTURE_LINE}${JSON.stringify(fixture)}\n`);
}

void main();
