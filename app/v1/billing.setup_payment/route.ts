import { apiRoute } from "@/lib/api/api-route";
import { setupPayment } from "@/lib/billing/setup-payment";
import { setupPaymentInput } from "@/lib/billing/schemas";

export const POST = apiRoute({ schema: setupPaymentInput }, ({ ctx, body }) => setupPayment(ctx, body));
