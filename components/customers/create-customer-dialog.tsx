"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Env } from "@/lib/generated/prisma";
import { createCustomerInput } from "@/lib/customers/schemas";
import { queryKeys } from "@/lib/query-keys";
import { createCustomerAction } from "@/lib/customers/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { DuplicateEmailWarning, useDuplicateEmailCheck } from "./duplicate-email-warning";

type FormInput = z.input<typeof createCustomerInput>;
type FormOutput = z.output<typeof createCustomerInput>;

export type CreateCustomerDialogProps = {
  env: Env;
  stripeEnabled: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Prefill, e.g. the email that a search found nothing for. */
  defaults?: { email?: string; id?: string };
};

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const errorText = (error?: { message?: string }) => (error?.message ? fieldMessage(error.message) : undefined);

/**
 * Create a customer by hand. A blank id pre-creates the customer (sales-led deals): it is matched
 * by email when the person first signs in, so the email is then required. The rules and messages
 * are the domain's own schema's (createCustomerInput), the same the API answers with.
 * Mount it with a new `key` for each opening: it starts from `defaults` every time.
 */
export function CreateCustomerDialog({ env, stripeEnabled, open, onOpenChange, defaults }: CreateCustomerDialogProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  // The pending customer that already has the email, linked from the email's error.
  const [conflictWith, setConflictWith] = useState<string | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createCustomerInput),
    defaultValues: { name: "", id: defaults?.id ?? "", email: defaults?.email ?? "", stripe_id: undefined, create_in_stripe: false },
  });
  const { errors, isSubmitting } = form.formState;
  const id = useWatch({ control: form.control, name: "id" });
  const stripeId = useWatch({ control: form.control, name: "stripe_id" });
  const createInStripe = useWatch({ control: form.control, name: "create_in_stripe" });
  const pending = !id || id.trim() === "";
  const email = useWatch({ control: form.control, name: "email" });
  const duplicates = useDuplicateEmailCheck({ env, email, open, pending });

  async function submit(values: FormOutput) {
    // Another customer has the email: warn first; the next submit is the explicit "Save anyway".
    if (await duplicates.holdSave(values.email)) return;
    const result = await createCustomerAction(values);
    if (!result.ok) {
      if (result.error.code === "pending_email_taken") {
        const first = typeof result.error.details?.customerId === "string" ? result.error.details.customerId : null;
        setConflictWith(first);
        form.setError("email", { type: "pending_email_taken", message: fieldMessage(result.error.message, "email") }, { shouldFocus: true });
        return;
      }
      return applyActionError(form, result.error);
    }
    const { status, customer } = result.data;
    // Straight to the customer's page (one request); the lists are fetched again when next shown.
    onOpenChange(false);
    router.push(`/customers/${customer.internalId}`);
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env), refetchType: "none" });
    if (status === "exists") {
      toast.info(`Customer ${customer.id ?? customer.internalId} already exists`, { description: "Opened it instead of creating another one." });
    } else {
      toast.success(customer.pending ? "Pending customer created" : "Customer created", {
        description: customer.pending ? `Matched to ${customer.email} at their first sign-in.` : (customer.id ?? undefined),
      });
    }
  }

  const emailError = errors.email ? (
    <>
      {errorText(errors.email)}
      {errors.email.type === "pending_email_taken" && conflictWith ? (
        <>
          {" "}
          <Link href={`/customers/${conflictWith}`} className="underline underline-offset-2" onClick={() => onOpenChange(false)}>
            Open that customer
          </Link>
        </>
      ) : null}
    </>
  ) : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="md">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Create customer</DialogTitle>
            <DialogDescription>Add a customer by hand, for example to set up an enterprise deal before they sign up.</DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            {env === "live" ? <LiveEditNotice what="customers" /> : null}
            <Field label="Name" optional error={errorText(errors.name)}>
              <Input autoComplete="off" placeholder="Acme Corp" {...form.register("name")} />
            </Field>
            <Field
              label="Customer ID"
              optional
              help={
                pending
                  ? "Leave blank to pre-create the customer: they will be matched by email when they first sign in, and get the id then."
                  : "Your application's id for this customer, as your code passes it to the API."
              }
              error={errorText(errors.id)}
            >
              <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="user_123" {...form.register("id")} />
            </Field>
            <Field
              label="Email"
              required={pending}
              optional={!pending}
              help={pending ? "Required without an id: use the address they will sign in with." : undefined}
              error={emailError}
            >
              <Input type="email" autoComplete="off" spellCheck={false} placeholder="billing@acme.com" {...form.register("email")} />
            </Field>
            {errors.email ? null : <DuplicateEmailWarning duplicates={duplicates.duplicates} pending={pending} onNavigate={() => onOpenChange(false)} />}
            {stripeEnabled ? (
              <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
                <legend className="px-1 text-[13px] font-medium">Stripe</legend>
                <Controller
                  control={form.control}
                  name="create_in_stripe"
                  render={({ field }) => (
                    <Field
                      label="Create in Stripe now"
                      orientation="horizontal"
                      help="Otherwise the Stripe customer is created at the first billing operation."
                      disabled={Boolean(stripeId)}
                    >
                      <Checkbox checked={Boolean(field.value)} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} />
                    </Field>
                  )}
                />
                <Field label="Link existing Stripe customer id" optional error={errorText(errors.stripe_id)} disabled={Boolean(createInStripe)}>
                  <Input
                    className="font-mono"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="cus_…"
                    {...form.register("stripe_id", { setValueAs: blankToUndefined })}
                  />
                </Field>
              </fieldset>
            ) : null}
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>
            {duplicates.needsConfirmation ? "Save anyway" : pending ? "Create pending customer" : "Create customer"}
          </DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
