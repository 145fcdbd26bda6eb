import { apiRoute } from "@/lib/api/api-route";
import { getPlan } from "@/lib/plans/get-plan";
import { getPlanApiSchema } from "@/lib/plans/api-schemas";
import { toApiPlan } from "@/lib/plans/plan-object";

export const POST = apiRoute({ schema: getPlanApiSchema }, async ({ ctx, body }) => toApiPlan(await getPlan(ctx, body), ctx.env));
