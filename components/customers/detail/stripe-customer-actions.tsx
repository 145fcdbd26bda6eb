"use client";

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import { linkStripeCustomerInput } from "@/lib/billing/schemas";
import { createInStripeAction, linkStripeCustomerAction } from "@/lib/billing/actions";
import { applyActionError, fieldMessage, toastActionError } from "@/components/dashboard/action-feedback";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";

/** For a customer without a Stripe customer: create one now, or link one that exists. */
export function StripeCustomerActions({ customer }: { customer: CustomerDetailView }) {
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const [creating, setCreating] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);

  async function createNow() {
    setCreating(true);
    const result = await createInStripeAction({ customerId: customer.internalId });
    setCreating(false);
    if (!result.ok) return toastActionError(result.error, "Could not create the Stripe customer");
    changed();
    toast.success("Stripe customer created", { description: result.data.stripeId });
  }

  return (
    <div className="flex flex-wrap items-center gap-x-1.5 text-[13px]">
      <Button variant="link" size="sm" loading={creating} onClick={() => void createNow()}>
        Create in Stripe
      </Button>
      <span aria-hidden="true" className="text-muted-foreground">
        ·
      </span>
      <Button variant="link" size="sm" onClick={() => setLinkOpen(true)}>
        Link existing…
      </Button>
      <LinkStripeDialog customer={customer} open={linkOpen} onOpenChange={setLinkOpen} />
    </div>
  );
}

type LinkInput = z.input<typeof linkStripeCustomerInput>;

function LinkStripeDialog({ customer, open, onOpenChange }: { customer: CustomerDetailView; open: boolean; onOpenChange: (open: boolean) => void }) {
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const form = useForm<LinkInput, unknown, z.output<typeof linkStripeCustomerInput>>({
    resolver: zodResolver(linkStripeCustomerInput),
    defaultValues: { customerId: customer.internalId, stripeId: "" },
  });
  const { errors, isSubmitting } = form.formState;

  useEffect(() => {
    if (open) form.reset({ customerId: customer.internalId, stripeId: "" });
  }, [open, form, customer.internalId]);

  async function submit(input: z.output<typeof linkStripeCustomerInput>) {
    const result = await linkStripeCustomerAction(input);
    if (!result.ok) return applyActionError(form, result.error, { stripe_id: "stripeId" });
    changed();
    toast.success("Stripe customer linked", { description: result.data.stripeId });
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="sm">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Link a Stripe customer</DialogTitle>
            <DialogDescription>The Stripe customer must exist and not be linked to another customer of this environment.</DialogDescription>
          </DialogHeader>
          <DialogBody>
            <Field label="Stripe customer id" required error={errors.stripeId?.message ? fieldMessage(errors.stripeId.message) : undefined}>
              <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="cus_…" {...form.register("stripeId")} />
            </Field>
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>Link customer</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
