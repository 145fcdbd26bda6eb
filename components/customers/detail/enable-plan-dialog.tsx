"use client";

import { useEffect } from "react";
import { Controller, useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { enablePlanSchema, type EnablePlanInput } from "@/lib/plans/schemas";
import { enablePlanAction } from "@/lib/plans/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { currencyDigits } from "@/components/dashboard/format";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView, PlanChoice } from "./customer-detail-types";
import { formatPrice } from "./format-price";
import { useCustomerChanged } from "./use-customer-changed";

type OverrideValues = { included: string; unlimited: boolean };

export type EnablePlanFormValues = {
  planId: string;
  negotiated: boolean;
  /** In major units as typed ("1200.50"); sent in minor units. */
  price: string;
  currency: string;
  overrides: Record<string, OverrideValues>;
  /** yyyy-mm-dd; blank = now. */
  startsOn: string;
  endsOn: string;
  note: string;
};

// Where the domain schema's paths show up in this form.
const FIELD_OF_PATH: Record<string, string> = { customPriceAmount: "price", customCurrency: "currency", startsAt: "startsOn", endsAt: "endsOn" };

const localMidnight = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const metered = (item: PlanChoice["items"][number]) => item.featureType !== "boolean";

/** Form values → the domain's input; the values that cannot even be read become field errors. */
function toEnablePlanInput(customerId: string, values: EnablePlanFormValues, plan: PlanChoice | undefined) {
  const errors: Record<string, string> = {};
  let customPriceAmount: number | null = null;
  if (values.negotiated) {
    const amount = Number(values.price.replace(/,/g, ""));
    if (values.price.trim() === "" || !Number.isFinite(amount)) errors.price = "Enter the negotiated price, e.g. 1200";
    else customPriceAmount = Math.round(amount * 10 ** currencyDigits(values.currency || "usd"));
  }
  const overrides: NonNullable<EnablePlanInput["overrides"]> = {};
  for (const item of plan?.items.filter(metered) ?? []) {
    const value = values.overrides[item.featureId];
    if (!value) continue;
    const override: { included?: number; unlimited?: boolean } = {};
    if (value.unlimited !== item.unlimited) override.unlimited = value.unlimited;
    if (!value.unlimited && value.included.trim() !== "") {
      const included = Number(value.included.replace(/,/g, ""));
      if (!Number.isFinite(included)) errors[`overrides.${item.featureId}.included`] = "Enter a number";
      else if (included !== item.included || item.unlimited) override.included = included;
    }
    if (Object.keys(override).length > 0) overrides[item.featureId] = override;
  }
  const input: EnablePlanInput = {
    customerId,
    planId: values.planId,
    customPriceAmount,
    customCurrency: values.negotiated ? values.currency.trim() || null : null,
    overrides,
    startsAt: values.startsOn ? localMidnight(values.startsOn) : null,
    endsAt: values.endsOn ? localMidnight(values.endsOn) : null,
    note: values.note.trim() || null,
  };
  return { input, errors };
}

function errorsFrom(messages: Record<string, string>): FieldErrors<EnablePlanFormValues> {
  const errors: Record<string, unknown> = {};
  for (const [path, message] of Object.entries(messages)) {
    const parts = path.split(".");
    let node = errors;
    parts.slice(0, -1).forEach((part) => {
      node = (node[part] ??= {}) as Record<string, unknown>;
    });
    node[parts[parts.length - 1]!] = { type: "validate", message };
  }
  return errors as FieldErrors<EnablePlanFormValues>;
}

/** Validates with the domain's own schema (enablePlanSchema), so the form and the server agree. */
function enablePlanResolver(customerId: string, choices: PlanChoice[]): Resolver<EnablePlanFormValues, unknown, EnablePlanInput> {
  return async (values) => {
    const plan = choices.find((choice) => choice.id === values.planId);
    const { input, errors } = toEnablePlanInput(customerId, values, plan);
    if (!values.planId) errors.planId = "Choose a plan";
    const parsed = enablePlanSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join(".");
        const field = FIELD_OF_PATH[path] ?? path;
        errors[field] ??= fieldMessage(issue.message);
      }
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors: errorsFrom(errors) };
    return { values: input, errors: {} };
  };
}

function defaultsFor(plan: PlanChoice | undefined, planId: string): EnablePlanFormValues {
  return {
    planId,
    negotiated: false,
    price: "",
    currency: plan?.price?.currency ?? "usd",
    overrides: Object.fromEntries((plan?.items ?? []).filter(metered).map((item) => [item.featureId, { included: "", unlimited: item.unlimited }])),
    startsOn: "",
    endsOn: "",
    note: "",
  };
}

const errorText = (error?: { message?: string }) => error?.message;

/** Enable a plan with no checkout: optionally a negotiated price, per-feature overrides, dates and a note. */
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
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const form = useForm<EnablePlanFormValues, unknown, EnablePlanInput>({
    resolver: enablePlanResolver(customer.internalId, choices),
    defaultValues: defaultsFor(undefined, ""),
  });
  const { errors, isSubmitting } = form.formState;
  const planId = useWatch({ control: form.control, name: "planId" });
  const negotiated = useWatch({ control: form.control, name: "negotiated" });
  const overrideValues = useWatch({ control: form.control, name: "overrides" });
  const plan = choices.find((choice) => choice.id === planId);

  useEffect(() => {
    if (open) form.reset(defaultsFor(undefined, ""));
  }, [open, form]);

  function choosePlan(id: string) {
    const next = choices.find((choice) => choice.id === id);
    const { note, startsOn, endsOn } = form.getValues();
    form.reset({ ...defaultsFor(next, id), note, startsOn, endsOn });
  }

  async function submit(input: EnablePlanInput) {
    const result = await enablePlanAction(input);
    if (!result.ok) return applyActionError(form, result.error, { customPriceAmount: "price", customCurrency: "currency", startsAt: "startsOn", endsAt: "endsOn" });
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
                ? "Active at once, with no checkout. The customer finds it in place when they first sign in."
                : "Active at once, with no checkout."}
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

            <div className="grid grid-cols-2 gap-3">
              <Field label="Start date" optional help="Blank: now. A later date schedules the plan." error={errorText(errors.startsOn)}>
                <Input type="date" {...form.register("startsOn")} />
              </Field>
              <Field label="End date" optional help="The plan expires then." error={errorText(errors.endsOn)}>
                <Input type="date" {...form.register("endsOn")} />
              </Field>
            </div>
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
