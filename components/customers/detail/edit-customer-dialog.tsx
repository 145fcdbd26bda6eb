"use client";

import { useEffect } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import { updateCustomerInput } from "@/lib/customers/schemas";
import { updateCustomerAction } from "@/lib/customers/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";
import { DuplicateEmailWarning, useDuplicateEmailCheck } from "../duplicate-email-warning";

type FormInput = z.input<typeof updateCustomerInput>;
type FormOutput = z.output<typeof updateCustomerInput>;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const errorText = (error?: { message?: string }) => (error?.message ? fieldMessage(error.message) : undefined);

/**
 * Edit the name and email (audited), and, for a pending customer, assign its id by hand (when the
 * person signed up with another email, so the automatic match could not happen).
 */
export function EditCustomerDialog({ customer, open, onOpenChange }: { customer: CustomerDetailView; open: boolean; onOpenChange: (open: boolean) => void }) {
  const changed = useCustomerChanged(customer.env, customer.internalId, { pageRevalidated: true });
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(updateCustomerInput), defaultValues: { customer_id: customer.internalId } });
  const { errors, isSubmitting } = form.formState;
  const email = useWatch({ control: form.control, name: "email" });
  const duplicates = useDuplicateEmailCheck({
    env: customer.env,
    email,
    open,
    exceptCustomerId: customer.internalId,
    current: customer.email,
    pending: customer.pending,
  });

  useEffect(() => {
    if (open) form.reset({ customer_id: customer.internalId, name: customer.name ?? "", email: customer.email ?? "", new_customer_id: undefined });
  }, [open, form, customer.internalId, customer.name, customer.email]);

  async function submit(values: FormOutput) {
    // Another customer has the email: warn first; the next submit is the explicit "Save anyway".
    if (await duplicates.holdSave(values.email)) return;
    const result = await updateCustomerAction({
      customer_id: customer.internalId,
      name: values.name,
      email: values.email,
      ...(customer.pending && values.new_customer_id ? { new_customer_id: values.new_customer_id } : {}),
    });
    if (!result.ok) return applyActionError(form, result.error);
    changed();
    toast.success("Customer saved", {
      description: result.data.id && customer.pending ? `Id ${result.data.id} assigned: the customer is no longer pending.` : undefined,
    });
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="md">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Edit customer</DialogTitle>
            <DialogDescription>
              {customer.pending
                ? "The email decides who this customer is matched to at their first sign-in."
                : "Changes are recorded in the activity log."}
            </DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            {customer.env === "live" ? <LiveEditNotice what="customer" /> : null}
            <Field label="Name" optional error={errorText(errors.name)}>
              <Input autoComplete="off" {...form.register("name")} />
            </Field>
            <Field
              label="Email"
              required={customer.pending}
              optional={!customer.pending}
              help={customer.pending ? "Use the address they will sign in with." : undefined}
              error={errorText(errors.email)}
            >
              <Input type="email" autoComplete="off" spellCheck={false} {...form.register("email")} />
            </Field>
            {errors.email ? null : (
              <DuplicateEmailWarning
                duplicates={duplicates.duplicates}
                pending={customer.pending}
                mergeFromCustomerId={customer.internalId}
                onNavigate={() => onOpenChange(false)}
              />
            )}
            {customer.pending ? (
              <Field
                label="Assign customer ID"
                optional
                help="Only if the person signed up with another email: this gives the customer your application's id now, ending the wait for a match."
                error={errorText(errors.new_customer_id)}
              >
                <Input
                  className="font-mono"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="user_123"
                  {...form.register("new_customer_id", { setValueAs: blankToUndefined })}
                />
              </Field>
            ) : null}
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>{duplicates.needsConfirmation ? "Save anyway" : "Save changes"}</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
