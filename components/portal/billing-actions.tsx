"use client";

import { useState, useTransition } from "react";
import { CreditCard, ExternalLink } from "lucide-react";
import type { PortalBillingResult } from "@/lib/portal/portal-billing";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type BillingActionsProps = {
  /** Stripe is connected: the buttons work. Otherwise they are shown disabled, with why. */
  available: boolean;
  unavailableMessage: string;
  /** Server actions. They take no arguments: the customer is the session's. */
  manageBilling: () => Promise<PortalBillingResult>;
  addPaymentMethod: () => Promise<PortalBillingResult>;
};

/** "Manage billing" and "Add payment method": each asks the server for a Stripe URL and goes there. */
export function BillingActions({ available, unavailableMessage, manageBilling, addPaymentMethod }: BillingActionsProps) {
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<"manage" | "add" | null>(null);
  const [error, setError] = useState<string | null>(null);

  function go(which: "manage" | "add", action: () => Promise<PortalBillingResult>) {
    setError(null);
    setRunning(which);
    startTransition(async () => {
      try {
        const result = await action();
        if (result.ok) {
          window.location.assign(result.url);
          return;
        }
        setError(result.message);
      } catch {
        setError("Something went wrong on our side. Try again in a moment.");
      }
      setRunning(null);
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Billing</CardTitle>
        <CardDescription>Invoices, payment methods and billing details are handled securely by Stripe.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!available ? (
          <Alert variant="info" title="Billing is not available yet">
            {unavailableMessage}
          </Alert>
        ) : null}
        {error ? (
          <Alert variant="danger" title="Could not open billing">
            {error}
          </Alert>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button disabled={!available || pending} loading={running === "manage"} onClick={() => go("manage", manageBilling)}>
            <ExternalLink aria-hidden="true" />
            Manage billing
          </Button>
          <Button variant="outline" disabled={!available || pending} loading={running === "add"} onClick={() => go("add", addPaymentMethod)}>
            <CreditCard aria-hidden="true" />
            Add payment method
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
