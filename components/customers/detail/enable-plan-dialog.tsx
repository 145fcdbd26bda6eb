"use client";

import { useEffect } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { enableBilledPlanAction } from "@/lib/billing/views/dashboard-actions";
import { applyActionError } from "@/components/dashboard/action-feedback";
import { currencyDigits } from "@/components/dashboard/format";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { BillingFields, ContractEndFields } from "./billing-fields";
import type { CustomerDetailView, PlanChoice } from "./customer-detail-types";
import { defaultsFor, enablePlanResolver, FIELD_OF_PATH, isPaid, metered, type EnablePlanFormOutput, type EnablePlanFormValues } from "./enable-plan-form";
import { formatPrice } from "./format-price";
import { useCustomerChanged } from "./use-customer-changed";

const errorText = (error?: { message?: string }) => error?.message;

/**
 * Enable a plan with no checkout: optionally a negotiated price, per-feature overrides, how a paid
 * plan is billed, contract dates (renew or end, the owner's reminder) and a note.
 */
export function EnablePlanDialog({
  customer,
  choices,
  open,
  onOpenChange,
}: {
  customer: CustomerDetailView;
  choices: PlanChoice[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const changed = useCustomerChanged(customer.env, customer.internalId, { pageRevalidated: true });
  const form = useForm<EnablePlanFormValues, unknown, EnablePlanFormOutput>({
    resolver: enablePlanResolver(customer.internalId, choices),
    defaultValues: defaultsFor(undefined, "", customer.stripeEnabled),
  });
  const { errors, isSubmitting } = form.formState;
  const planId = useWatch({ control: form.control, name: "planId" });
  const negotiated = useWatch({ control: form.control, name: "negotiated" });
  const overrideValues = useWatch({ control: form.control, name: "overrides" });
  const price = useWatch({ control: form.control, name: "price" });
  const billingMode = useWatch({ control: form.control, name: "billing.mode" });
  const endsOn = useWatch({ control: form.control, name: "endsOn" });
  const plan = choices.find((choice) => choice.id === planId);
  const paid = isPaid(plan, { negotiated, price });

  useEffect(() => {
    if (open) form.reset(defaultsFor(undefined, "", customer.stripeEnabled));
  }, [open, form, customer.stripeEnabled]);

  function choosePlan(id: string) {
    const next = choices.find((choice) => choice.id === id);
    const { note, startsOn, endsOn, billing } = form.getValues();
    form.reset({ ...defaultsFor(next, id, customer.stripeEnabled), note, startsOn, endsOn, billing });
  }

  async function submit(input: EnablePlanFormOutput) {
    const result = await enableBilledPlanAction(input);
    if (!result.ok) return applyActionError(form, result.error, FIELD_OF_PATH);
    changed();
    const name = plan?.name ?? input.planId;
    if (!result.data.changed) toast.info(`${name} was already active`, { description: "Nothing changed." });
    else toast.success(result.data.status === "scheduled" ? `${name} scheduled` : `${name} enabled`);
    onOpenChange(false);
  }

  const meteredItems = plan?.items.filter(metered) ?? [];
  const digits = currencyDigits(form.getValues("currency") || "usd");

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Enable plan</DialogTitle>
            <DialogDescription>
              {customer.pending
                ? "No checkout: the customer finds the plan in place when they first sign in, and billing starts then."
                : "No checkout: staff choose the price, the limits and how a paid plan is billed."}
            </DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            {customer.env === "live" ? <LiveEditNotice what="customer's plans" /> : null}
            <Field
              label="Plan"
              required
              help={plan ? `List price ${formatPrice(plan.price)}${plan.addOn ? " · add-on: stacks on other plans" : ""}` : undefined}
              error={errorText(errors.planId)}
            >
              <NativeSelect value={planId} onChange={(event) => choosePlan(event.target.value)}>
                <option value="">Choose a plan…</option>
                {choices.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.name} ({choice.id})
                  </option>
                ))}
              </NativeSelect>
            </Field>

            {plan ? (
              <>
                <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
                  <legend className="px-1 text-[13px] font-medium">Price</legend>
                  <Controller
                    control={form.control}
                    name="negotiated"
                    render={({ field }) => (
                      <Field label="Negotiated price for this customer" orientation="horizontal" help={`Instead of the list price (${formatPrice(plan.price)}).`}>
                        <Checkbox checked={field.value} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} />
                      </Field>
                    )}
                  />
                  {negotiated ? (
                    <div className="grid grid-cols-[1fr_6rem] gap-3">
                      <Field
                        label={`Amount${plan.price?.interval && plan.price.interval !== "one_off" ? ` per ${plan.price.interval}` : ""}`}
                        required
                        error={errorText(errors.price)}
                      >
                        <Input inputMode="decimal" autoComplete="off" placeholder={digits > 0 ? "1200.00" : "1200"} className="numeric" {...form.register("price")} />
                      </Field>
                      <Field label="Currency" error={errorText(errors.currency)}>
                        <Input autoComplete="off" maxLength={3} className="uppercase" {...form.register("currency")} />
                      </Field>
                    </div>
                  ) : null}
                </fieldset>

                {meteredItems.length > 0 ? (
                  <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
                    <legend className="px-1 text-[13px] font-medium">Feature limits</legend>
                    <p className="-mt-1 text-xs text-muted-foreground">Leave blank to keep the plan&apos;s amount. Raise a limit for this customer only, e.g. more seats.</p>
                    {meteredItems.map((item) => {
                      const unlimited = overrideValues?.[item.featureId]?.unlimited ?? item.unlimited;
                      return (
                        <div key={item.featureId} className="grid grid-cols-[1fr_auto] items-end gap-3">
                          <Field
                            label={`${item.featureName} included`}
                            help={`Plan: ${item.unlimited ? "unlimited" : item.included.toLocaleString("en-US")}${item.resetInterval !== "none" ? ` per ${item.resetInterval}` : ""}`}
                            error={errorText(errors.overrides?.[item.featureId]?.included)}
                          >
                            <Input
                              inputMode="numeric"
                              autoComplete="off"
                              className="numeric"
                              disabled={unlimited}
                              placeholder={item.unlimited ? "Unlimited" : String(item.included)}
                              {...form.register(`overrides.${item.featureId}.included`)}
                            />
                          </Field>
                          <Controller
                            control={form.control}
                            name={`overrides.${item.featureId}.unlimited`}
                            render={({ field }) => (
                              <Field label="Unlimited" orientation="horizontal" className="mb-7 items-center">
                                <Checkbox checked={Boolean(field.value)} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} />
                              </Field>
                            )}
                          />
                        </div>
                      );
                    })}
                  </fieldset>
                ) : null}
              </>
            ) : null}

            {plan && paid ? <BillingFields control={form.control} register={form.register} errors={errors} mode={billingMode} stripeEnabled={customer.stripeEnabled} /> : null}

            <fieldset className="flex flex-col gap-3 rounded-lg border border-border p-3">
              <legend className="px-1 text-[13px] font-medium">Contract</legend>
              <div className="grid grid-cols-2 gap-3">
                <Field label="Start date" optional help="Blank: now. A later date schedules the plan." error={errorText(errors.startsOn)}>
                  <Input type="date" {...form.register("startsOn")} />
                </Field>
                <Field label="End date" optional help={paid ? "Blank: no end, it runs until canceled." : "The plan expires then."} error={errorText(errors.endsOn)}>
                  <Input type="date" {...form.register("endsOn")} />
                </Field>
              </div>
              {plan && paid && endsOn ? <ContractEndFields control={form.control} register={form.register} errors={errors} /> : null}
            </fieldset>
            <Field label="Note" optional help="For example the deal or contract reference." error={errorText(errors.note)}>
              <Textarea rows={2} {...form.register("note")} />
            </Field>
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>Enable plan</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
