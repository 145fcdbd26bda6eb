import { ExternalLink } from "lucide-react";
import { formatDateTime } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { actorText } from "../actor-text";
import { PendingBadge } from "../pending-badge";
import type { CustomerDetailView } from "./customer-detail-types";
import { StripeCustomerActions } from "./stripe-customer-actions";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid content-start gap-0.5">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="min-w-0 text-sm text-foreground">{children}</dd>
    </div>
  );
}

// Ids and emails wrap instead of being cut: in four columns (a 1360 px window) a 26-character
// internal id or a long email did not fit, and a cut value cannot be read or checked. Each has a
// copy button for the exact value.
function Copyable({ value, copyLabel, mono = false }: { value: string; copyLabel: string; mono?: boolean }) {
  return (
    <span className="flex min-w-0 items-start gap-1">
      <span className={mono ? "min-w-0 font-mono text-[13px] leading-5 break-all" : "min-w-0 leading-5 [overflow-wrap:anywhere]"}>{value}</span>
      <CopyButton value={value} label={copyLabel} className="-my-1 shrink-0" />
    </span>
  );
}

const Mono = ({ value, copyLabel }: { value: string; copyLabel: string }) => <Copyable value={value} copyLabel={copyLabel} mono />;

function When({ at, by }: { at: string; by: string }) {
  return (
    <>
      <time dateTime={at} suppressHydrationWarning>
        {formatDateTime(at)}
      </time>
      <span className="block text-xs text-muted-foreground [overflow-wrap:anywhere]">by {by}</span>
    </>
  );
}

/** Who the customer is: ids, email, environment, Stripe link, and where it came from. */
export function CustomerDetailsCard({ customer }: { customer: CustomerDetailView }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Details</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-3 xl:grid-cols-4">
          <Item term="Customer ID">
            {customer.id ? (
              <Mono value={customer.id} copyLabel="Copy customer ID" />
            ) : (
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <PendingBadge />
                <span className="text-xs text-muted-foreground">assigned at the first sign-in</span>
              </span>
            )}
          </Item>
          <Item term="Internal ID">
            <Mono value={customer.internalId} copyLabel="Copy internal ID" />
          </Item>
          <Item term="Email">
            {customer.email ? (
              <Copyable value={customer.email} copyLabel="Copy email" />
            ) : (
              <span className="text-muted-foreground">None</span>
            )}
          </Item>
          <Item term="Environment">
            {customer.env === "live" ? (
              <Badge variant="live" dot>
                Live
              </Badge>
            ) : (
              <Badge variant="neutral">Sandbox</Badge>
            )}
          </Item>
          <Item term="Stripe customer">
            {customer.stripeId ? (
              customer.stripeUrl ? (
                <a href={customer.stripeUrl} target="_blank" rel="noreferrer" className="inline-flex max-w-full items-center gap-1 font-mono text-[13px] break-all text-primary hover:underline">
                  {customer.stripeId}
                  <ExternalLink className="size-3.5" aria-hidden="true" />
                  <span className="sr-only">(opens Stripe in a new tab)</span>
                </a>
              ) : (
                <Mono value={customer.stripeId} copyLabel="Copy Stripe customer ID" />
              )
            ) : (
              <>
                <span className="text-muted-foreground">{customer.stripeEnabled ? "Not created yet" : "Stripe is not configured"}</span>
                {customer.stripeEnabled ? <StripeCustomerActions customer={customer} /> : null}
              </>
            )}
          </Item>
          <Item term="Created">
            <When at={customer.createdAt} by={actorText(customer.createdBy.kind, customer.createdBy.label)} />
          </Item>
          {customer.claimedAt ? (
            <Item term="Claimed">
              <When
                at={customer.claimedAt}
                by={customer.claimedBy?.kind === "end_customer" ? "sign-in" : actorText(customer.claimedBy?.kind ?? "system", customer.claimedBy?.label ?? null)}
              />
            </Item>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}
