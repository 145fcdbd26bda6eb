"use client";
// The customer page's Billing card: the next invoice (a preview), whether the customer may cancel
// plans in the portal, and the invoices Stripe has sent them.
import { useState, useTransition } from "react";
import type { InvoiceView } from "@/lib/billing/views/invoice-view";
import { setSelfServeCancelAction } from "@/lib/billing/views/dashboard-actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDate, formatMoney } from "@/components/dashboard/format";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";

/** The next invoice as the billing preview computes it; null when nothing is billed next. */
export type NextInvoiceView = {
  /** When it is issued. ISO. */
  date: string | null;
  currency: string;
  /** Minor units. */
  total: number;
  lines: { description: string; amount: number }[];
};

export type BillingCardProps = {
  customer: CustomerDetailView;
  selfServeCancel: boolean;
  invoices: InvoiceView[];
  /** undefined: no preview available (not computed); null: nothing is billed next. */
  nextInvoice?: NextInvoiceView | null;
};

function NextInvoice({ preview }: { preview: NextInvoiceView | null }) {
  if (!preview) return <p className="text-sm text-muted-foreground">Nothing is billed next: no plan of this customer is billed through Stripe.</p>;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="numeric text-lg font-semibold text-foreground">{formatMoney(preview.total, preview.currency)}</span>
        {preview.date ? (
          <span className="text-[13px] text-muted-foreground" suppressHydrationWarning>
            on {formatDate(preview.date)}
          </span>
        ) : null}
      </div>
      {preview.lines.length > 0 ? (
        <ul aria-label="Next invoice lines" className="flex flex-col gap-1 text-[13px]">
          {preview.lines.map((line, index) => (
            <li key={index} className="flex justify-between gap-4">
              <span className="min-w-0 truncate text-muted-foreground">{line.description}</span>
              <span className="numeric shrink-0">{formatMoney(line.amount, preview.currency)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function BillingCard({ customer, selfServeCancel, invoices, nextInvoice }: BillingCardProps) {
  const [allowed, setAllowed] = useState(selfServeCancel);
  const [pending, startTransition] = useTransition();
  const changed = useCustomerChanged(customer.env, customer.internalId);

  function toggle(next: boolean) {
    setAllowed(next);
    startTransition(async () => {
      const result = await setSelfServeCancelAction({ customerId: customer.internalId, enabled: next });
      if (!result.ok) {
        setAllowed(!next);
        toastActionError(result.error, "Could not change self-serve cancel");
        return;
      }
      changed();
      toast.success(next ? "The customer may cancel plans in the portal" : "Cancelling in the portal is off", {
        description: next ? undefined : "The portal asks the customer to contact you instead.",
      });
    });
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Billing</CardTitle>
        <CardDescription>Invoices come from Stripe, which stays the source of truth for money.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5 md:grid-cols-2">
        {nextInvoice !== undefined ? (
          <section aria-labelledby="next-invoice-heading" className="flex flex-col gap-2">
            <h3 id="next-invoice-heading" className="text-[13px] font-medium text-foreground">
              Next invoice
            </h3>
            <NextInvoice preview={nextInvoice} />
          </section>
        ) : null}
        <Field
          label="Customer may cancel plans in the portal"
          orientation="horizontal"
          help="Turn off for contract customers: the portal then asks them to contact you instead."
          className={nextInvoice === undefined ? "md:col-span-2" : undefined}
        >
          <Switch checked={allowed} onCheckedChange={toggle} disabled={pending} />
        </Field>
      </CardContent>
      <InvoicesTable invoices={invoices} audience="staff" className="border-t border-border" />
    </Card>
  );
}
