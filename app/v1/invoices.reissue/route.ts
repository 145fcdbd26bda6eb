import { apiRoute } from "@/lib/api/api-route";
import { reissueInvoiceInput } from "@/lib/billing/invoices/schemas";
import { reissueInvoice } from "@/lib/billing/invoices/reissue-invoice";

export const POST = apiRoute({ schema: reissueInvoiceInput }, ({ ctx, body }) => reissueInvoice(ctx, body));
