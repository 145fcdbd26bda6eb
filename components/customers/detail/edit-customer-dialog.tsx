"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { emailSchema, updateCustomerInput } from "@/lib/customers/schemas";
import { queryKeys } from "@/lib/query-keys";
import { updateCustomerAction } from "@/lib/customers/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Alert } from "@/components/ui/alert";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";

type FormInput = z.input<typeof updateCustomerInput>;
type FormOutput = z.output<typeof updateCustomerInput>;

export type EmailUser = { internalId: string; id: string | null; name: string | null; email: string | null; pending: boolean };

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const errorText = (error?: { message?: string }) => (error?.message ? fieldMessage(error.message) : undefined);

/** The email being typed, once it settles and only when it is a valid, different address. */
function useSettledEmail(value: string | null | undefined, current: string | null): string | null {
  const [settled, setSettled] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      const parsed = emailSchema.safeParse(value ?? "");
      const email = parsed.success ? parsed.data : null;
      setSettled(email && normalizeEmail(email) !== normalizeEmail(current) ? email : null);
    }, 350);
    return () => clearTimeout(timer);
  }, [value, current]);
  return settled;
}

/**
 * Edit the name and email (audited), and, for a pending customer, assign its id by hand (when the
 * person signed up with another email, so the automatic match could not happen).
 */
export function EditCustomerDialog({ customer, open, onOpenChange }: { customer: CustomerDetailView; open: boolean; onOpenChange: (open: boolean) => void }) {
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(updateCustomerInput), defaultValues: { customer_id: customer.internalId } });
  const { errors, isSubmitting } = form.formState;
  const email = useWatch({ control: form.control, name: "email" });
  const settledEmail = useSettledEmail(open ? email : null, customer.email);

  useEffect(() => {
    if (open) form.reset({ customer_id: customer.internalId, name: customer.name ?? "", email: customer.email ?? "", new_customer_id: undefined });
  }, [open, form, customer.internalId, customer.name, customer.email]);

  const others = useQuery({
    queryKey: queryKeys.customers.emailUsers(customer.env, settledEmail ?? "", customer.internalId),
    queryFn: ({ signal }) =>
      fetchJson<{ customers: EmailUser[] }>(
        `/api/dashboard/customers/email-users?${new URLSearchParams({ email: settledEmail ?? "", except: customer.internalId })}`,
        { signal },
      ),
    enabled: open && settledEmail !== null,
    staleTime: 10_000,
  });
  const sharedWith = settledEmail ? (others.data?.customers ?? []) : [];

  async function submit(values: FormOutput) {
    const result = await updateCustomerAction({
      customer_id: customer.internalId,
      name: values.name,
      email: values.email,
      ...(customer.pending && values.new_customer_id ? { new_customer_id: values.new_customer_id } : {}),
    });
    if (!result.ok) return applyActionError(form, result.error);
    await changed();
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
            {sharedWith.length > 0 ? (
              <Alert variant="warning" title="Another customer already uses this email">
                {sharedWith.slice(0, 3).map((other, i) => (
                  <span key={other.internalId}>
                    {i > 0 ? ", " : null}
                    <Link href={`/customers/${other.internalId}`} target="_blank">
                      {other.name ?? other.id ?? other.email}
                    </Link>
                    {other.pending ? " (pending)" : other.id ? ` (${other.id})` : null}
                  </span>
                ))}
                {sharedWith.length > 3 ? ` and ${sharedWith.length - 3} more` : null}. You can still save.
              </Alert>
            ) : null}
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
          <DialogFormFooter submitting={isSubmitting}>Save changes</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
