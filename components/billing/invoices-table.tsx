// A customer's invoices, as Stripe last told us: number, status, amount, due date and Stripe's
// hosted page. The customer page (staff: "View in Stripe") and the portal (the customer: "Pay"
// an open invoice) share it.
import { ExternalLink, FileText } from "lucide-react";
import type { InvoiceView } from "@/lib/billing/views/invoice-view";
import { formatDate, formatDateTime, formatMoney } from "@/components/dashboard/format";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { InvoiceStatusBadge } from "./invoice-status-badge";

export type InvoicesTableProps = {
  invoices: InvoiceView[];
  /** `staff`: every invoice links to Stripe's page; `customer`: an open one says "Pay". */
  audience: "staff" | "customer";
  emptyDescription?: string;
  className?: string;
};

function dueText(invoice: InvoiceView): string {
  if (invoice.status === "paid" && invoice.paidAt) return `Paid ${formatDate(invoice.paidAt)}`;
  if (invoice.dueDate) return formatDate(invoice.dueDate);
  return "—";
}

function InvoiceLink({ invoice, audience }: { invoice: InvoiceView; audience: InvoicesTableProps["audience"] }) {
  if (!invoice.hostedInvoiceUrl) return <span className="text-xs text-muted-foreground">{invoice.status === "draft" ? "Not sent yet" : "—"}</span>;
  const label = invoice.number ?? "invoice";
  if (audience === "customer" && invoice.status === "open") {
    return (
      <Button asChild size="sm">
        <a href={invoice.hostedInvoiceUrl} aria-label={`Pay ${label}`}>
          Pay
        </a>
      </Button>
    );
  }
  return (
    <Button asChild size="sm" variant="ghost">
      <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" aria-label={`${audience === "staff" ? "View in Stripe" : "View"} ${label}`}>
        {audience === "staff" ? "View in Stripe" : "View"}
        <ExternalLink aria-hidden="true" />
      </a>
    </Button>
  );
}

export function InvoicesTable({ invoices, audience, emptyDescription, className }: InvoicesTableProps) {
  if (invoices.length === 0) {
    return (
      <EmptyState
        className={className}
        icon={FileText}
        title="No invoices yet"
        description={emptyDescription ?? (audience === "staff" ? "Invoices Stripe creates for this customer's plans show here." : "When you are invoiced, your invoices show here.")}
      />
    );
  }
  return (
    <Table aria-label="Invoices" wrapperClassName={className}>
      <TableHeader>
        <TableRow>
          <TableHead>Invoice</TableHead>
          <TableHead>Status</TableHead>
          <TableHead align="right">Amount</TableHead>
          <TableHead>Due</TableHead>
          <TableHead>
            <span className="sr-only">Link</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoices.map((invoice) => (
          <TableRow key={invoice.id}>
            <TableCell>
              <span className="font-medium text-foreground">{invoice.number ?? "Draft"}</span>
              <time dateTime={invoice.createdAt} title={formatDateTime(invoice.createdAt)} className="block text-xs text-muted-foreground" suppressHydrationWarning>
                {formatDate(invoice.createdAt)}
              </time>
            </TableCell>
            <TableCell>
              <InvoiceStatusBadge status={invoice.status} overdue={invoice.overdue} />
            </TableCell>
            <TableCell align="right" className="whitespace-nowrap">
              <span className="numeric">{formatMoney(invoice.total, invoice.currency)}</span>
              {invoice.status === "open" && invoice.amountRemaining !== invoice.total ? (
                <span className="block text-xs text-muted-foreground">
                  <span className="numeric">{formatMoney(invoice.amountRemaining, invoice.currency)}</span> left to pay
                </span>
              ) : null}
            </TableCell>
            <TableCell className={invoice.overdue ? "whitespace-nowrap text-destructive-ink" : "whitespace-nowrap"} suppressHydrationWarning>
              {dueText(invoice)}
            </TableCell>
            <TableCell align="right">
              <InvoiceLink invoice={invoice} audience={audience} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
