import { apiRoute } from "@/lib/api/api-route";
import { deletePlan } from "@/lib/plans/delete-plan";
import { deletePlanApiSchema } from "@/lib/plans/api-schemas";

export const POST = apiRoute({ schema: deletePlanApiSchema }, ({ ctx, body }) => deletePlan(ctx, body));
