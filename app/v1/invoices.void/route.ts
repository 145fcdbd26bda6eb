import { apiRoute } from "@/lib/api/api-route";
import { invoiceRefInput } from "@/lib/billing/invoices/schemas";
import { voidInvoice } from "@/lib/billing/invoices/settle-invoice";

export const POST = apiRoute({ schema: invoiceRefInput }, ({ ctx, body }) => voidInvoice(ctx, body));
