import { apiRoute } from "@/lib/api/api-route";
import { attachPlan } from "@/lib/billing/attach-plan";
import { attachSchema } from "@/lib/plans/schemas";

export const POST = apiRoute({ schema: attachSchema }, ({ ctx, body }) => attachPlan(ctx, body));
