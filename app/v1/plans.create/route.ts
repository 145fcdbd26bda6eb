import { apiRoute } from "@/lib/api/api-route";
import { createPlan } from "@/lib/plans/create-plan";
import { createPlanApiSchema } from "@/lib/plans/api-schemas";
import { toApiPlan } from "@/lib/plans/plan-object";

export const POST = apiRoute({ schema: createPlanApiSchema }, async ({ ctx, body }) => toApiPlan(await createPlan(ctx, body), ctx.env));
