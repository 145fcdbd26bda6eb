import { apiRoute } from "@/lib/api/api-route";
import { listPlans } from "@/lib/plans/list-plans";
import { listPlansApiSchema } from "@/lib/plans/api-schemas";
import { toApiPlan } from "@/lib/plans/plan-object";

export const POST = apiRoute({ schema: listPlansApiSchema }, async ({ ctx, body }) => ({
  list: (await listPlans(ctx, body)).map((plan) => toApiPlan(plan, ctx.env)),
}));
