import { apiRoute } from "@/lib/api/api-route";
import { updatePlan } from "@/lib/plans/update-plan";
import { updatePlanApiSchema } from "@/lib/plans/api-schemas";
import { toApiPlan } from "@/lib/plans/plan-object";

export const POST = apiRoute({ schema: updatePlanApiSchema }, async ({ ctx, body }) => toApiPlan(await updatePlan(ctx, body), ctx.env));
