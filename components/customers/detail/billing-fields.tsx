"use client";
// The enable-plan dialog's "Billing" section for a paid plan: how it is billed (by invoice, by
// card, or elsewhere) and each mode's own choices. The values map onto B's base schema
// (lib/billing/lifecycle/billing-options.ts) in enable-plan-form.ts's toBillingOptions.
import { Controller, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { BillingMode } from "@/lib/billing/lifecycle/billing-options";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { RadioCards } from "@/components/ui/radio-cards";
import type { EnablePlanFormValues, EnablePlanFormOutput } from "./enable-plan-form";

type FormControl = Control<EnablePlanFormValues, unknown, EnablePlanFormOutput>;
type FormRegister = UseFormRegister<EnablePlanFormValues>;
type FormShape = EnablePlanFormValues;
const message = (error?: { message?: string }) => error?.message;

const MODES = [
  { value: "invoice", label: "By invoice", description: "Stripe sends invoices with payment terms." },
  { value: "card", label: "By card", description: "The customer pays at their first sign-in." },
  { value: "elsewhere", label: "Billed elsewhere", description: "Recorded only: nothing is billed here." },
] as const;

// Invoices and card payments go through Stripe: without it for this environment they are shown,
// not choosable, with the reason (the server refuses them too: enable-billed-plan.ts).
const NEEDS_STRIPE = "Needs Stripe, which is not configured for this environment.";
const modesFor = (stripeEnabled: boolean) =>
  MODES.map((mode) => (stripeEnabled || mode.value === "elsewhere" ? mode : { ...mode, description: NEEDS_STRIPE, disabled: true }));

export function BillingFields({
  control,
  register,
  errors,
  mode,
  stripeEnabled,
}: {
  control: FormControl;
  register: FormRegister;
  errors: FieldErrors<FormShape>;
  mode: BillingMode;
  stripeEnabled: boolean;
}) {
  const billingErrors = errors.billing;
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border border-border p-3">
      <legend className="px-1 text-[13px] font-medium">Billing</legend>
      <Controller
        control={control}
        name="billing.mode"
        render={({ field }) => <RadioCards legend="How is this plan billed?" legendHidden options={modesFor(stripeEnabled)} value={field.value} onChange={field.onChange} error={message(billingErrors?.mode)} />}
      />
      {mode === "invoice" ? (
        <>
          <Field label="Payment terms (days)" required help="Days between the invoice and its due date: 30 is net 30, 0 is due on receipt." error={message(billingErrors?.daysUntilDue)} className="max-w-56">
            <Input inputMode="numeric" autoComplete="off" className="numeric" {...register("billing.daysUntilDue")} />
          </Field>
          <Controller
            control={control}
            name="billing.finalize"
            render={({ field }) => (
              <RadioCards
                legend="Invoices"
                options={[
                  { value: "send", label: "Finalize and send invoices", description: "Stripe emails each invoice when it is created." },
                  { value: "draft", label: "Keep drafts for review", description: "Each invoice waits in Stripe until you finalize it." },
                ]}
                value={field.value}
                onChange={field.onChange}
              />
            )}
          />
          <Controller
            control={control}
            name="billing.activate"
            render={({ field }) => (
              <RadioCards
                legend="The plan is active"
                options={[
                  { value: "immediately", label: "Now", description: "Features are granted at once." },
                  { value: "on_payment", label: "Once the first invoice is paid", description: "Nothing is granted until then." },
                ]}
                value={field.value}
                onChange={field.onChange}
                error={message(billingErrors?.activate)}
              />
            )}
          />
        </>
      ) : null}
      {mode === "card" ? (
        <Controller
          control={control}
          name="billing.activate"
          render={({ field }) => (
            <RadioCards
              legend="The plan is active"
              options={[
                { value: "immediately", label: "Before payment", description: "Granted now; the portal asks the customer to pay." },
                { value: "on_payment", label: "Only after payment", description: "Granted once the customer has paid by card." },
              ]}
              value={field.value}
              onChange={field.onChange}
              error={message(billingErrors?.activate)}
            />
          )}
        />
      ) : null}
      {mode === "elsewhere" ? (
        <p className="text-xs text-muted-foreground">The plan is active at once. No Stripe invoice or payment is created and nothing renews here: the customer sees it labelled &ldquo;Billed elsewhere&rdquo;.</p>
      ) : null}
    </fieldset>
  );
}

/** At the contract's end: renew or end, and the owner's reminder (only when the plan has an end date). */
export function ContractEndFields({ control, register, errors }: { control: FormControl; register: FormRegister; errors: FieldErrors<FormShape> }) {
  return (
    <div className="flex flex-col gap-3">
      <Controller
        control={control}
        name="billing.onEnd"
        render={({ field }) => (
          <RadioCards
            legend="At the end date"
            options={[
              { value: "renew", label: "Renew", description: "For another term of the same length." },
              { value: "end", label: "End", description: "The default plan then applies." },
            ]}
            value={field.value}
            onChange={field.onChange}
            error={message(errors.billing?.onEnd)}
          />
        )}
      />
      <Field label="Remind the owner (days before)" help="The customer's owner gets an email. 0: no reminder." error={message(errors.billing?.reminderDays)} className="max-w-56">
        <Input inputMode="numeric" autoComplete="off" className="numeric" {...register("billing.reminderDays")} />
      </Field>
    </div>
  );
}
