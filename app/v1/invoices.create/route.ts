import { apiRoute } from "@/lib/api/api-route";
import { createInvoiceInput } from "@/lib/billing/invoices/schemas";
import { createInvoice } from "@/lib/billing/invoices/create-invoice";

export const POST = apiRoute({ schema: createInvoiceInput }, ({ ctx, body }) => createInvoice(ctx, body));
