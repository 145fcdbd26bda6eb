import type { InvoiceView } from "@/lib/billing/views/invoice-view";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The customer's invoices; an open one has a Pay button that opens Stripe's hosted invoice page. */
export function InvoiceList({ invoices }: { invoices: InvoiceView[] }) {
  const open = invoices.filter((invoice) => invoice.status === "open").length;
  return (
    <Card className="overflow-hidden">
      <CardHeader className="border-b border-border">
        <CardTitle>Invoices</CardTitle>
        <CardDescription>{open > 0 ? `${open === 1 ? "One invoice is" : `${open} invoices are`} waiting for payment. Pay securely on Stripe's page.` : "Your invoices, newest first."}</CardDescription>
      </CardHeader>
      <InvoicesTable invoices={invoices} audience="customer" />
    </Card>
  );
}
