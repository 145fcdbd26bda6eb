import { apiRoute } from "@/lib/api/api-route";
import { listInvoices } from "@/lib/billing/invoices/list-invoices";
import { listInvoicesInput } from "@/lib/billing/invoices/schemas";

export const POST = apiRoute({ schema: listInvoicesInput }, ({ ctx, body }) => listInvoices(ctx, body));
