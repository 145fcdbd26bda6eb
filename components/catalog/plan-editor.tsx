"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Controller, useFieldArray, useForm, useWatch, type FieldError } from "react-hook-form";
import { zodResolver } from "@/lib/forms/zod-resolver";
import type { z } from "zod";
import { Trash2 } from "lucide-react";
import type { Env, FeatureType, PriceInterval, ResetInterval } from "@/lib/generated/prisma";
import type { FeatureView } from "@/lib/features/feature-view";
import type { PlanView } from "@/lib/plans/plan-view";
import { createPlanSchema } from "@/lib/plans/schemas";
import { createPlanAction, updatePlanAction } from "@/lib/plans/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { FEATURE_TYPE_LABEL } from "./feature-types";
import { MoneyInput } from "./money-input";

type PlanFormInput = z.input<typeof createPlanSchema>;
type PlanFormOutput = z.output<typeof createPlanSchema>;

const RECURRING_INTERVALS: { value: Exclude<PriceInterval, "one_off">; label: string }[] = [
  { value: "month", label: "Monthly" },
  { value: "quarter", label: "Quarterly" },
  { value: "year", label: "Yearly" },
];

const RESET_INTERVALS: { value: ResetInterval; label: string }[] = [
  { value: "none", label: "Never" },
  { value: "day", label: "Daily" },
  { value: "week", label: "Weekly" },
  { value: "month", label: "Monthly" },
  { value: "quarter", label: "Quarterly" },
  { value: "year", label: "Yearly" },
];

type PricingMode = "free" | "recurring" | "one_off";

/** The per-entity select's value for "the customer's balance" (a Radix select item cannot be empty). */
const PER_CUSTOMER = "__customer__";

function errorText(error: FieldError | { message?: string } | undefined): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  if (/expected number/i.test(message)) return "Enter a number";
  return fieldMessage(message);
}

function defaultsFor(plan?: PlanView): PlanFormInput {
  if (!plan) {
    return { planId: "", name: "", description: "", group: "", isDefault: false, isAddOn: false, price: null, items: [], freeTrial: null, metadata: {} };
  }
  return {
    planId: plan.id,
    name: plan.name,
    description: plan.description ?? "",
    group: plan.group ?? "",
    isDefault: plan.isDefault,
    isAddOn: plan.isAddOn,
    price: plan.price,
    items: plan.items.map(({ featureId, included, unlimited, resetInterval, overageAllowed, entityFeatureId }) => ({
      featureId,
      included,
      unlimited,
      resetInterval,
      overageAllowed,
      entityFeatureId: entityFeatureId ?? null,
    })),
    // Kept as they are (the API may have set them): saving the form must not clear them.
    freeTrial: plan.freeTrial,
    metadata: plan.metadata,
  };
}

const TRIAL_UNITS = [
  { value: "day", label: "days" },
  { value: "month", label: "months" },
  { value: "year", label: "years" },
] as const;

export type PlanEditorProps = {
  env: Env;
  /** The plan being edited; without it the editor creates one. */
  plan?: PlanView;
  /** Features that can be put on the plan (and those it already has, even archived). */
  features: FeatureView[];
  /** Staff see the plan but cannot change it. */
  readOnly?: boolean;
};

/** Create or edit a plan: details, price, the features it grants, and how it combines with others. */
export function PlanEditor({ env, plan, features, readOnly = false }: PlanEditorProps) {
  const router = useRouter();
  const form = useForm<PlanFormInput, unknown, PlanFormOutput>({ resolver: zodResolver(createPlanSchema), defaultValues: defaultsFor(plan) });
  const { errors, isSubmitting, isDirty } = form.formState;
  const items = useFieldArray({ control: form.control, name: "items" });
  const price = useWatch({ control: form.control, name: "price" });
  const watchedItems = useWatch({ control: form.control, name: "items" }) ?? [];
  const featureById = new Map(features.map((feature) => [feature.id, feature]));
  const usedFeatureIds = new Set(watchedItems.map((item) => item.featureId));
  const addable = features.filter((feature) => !feature.archived && !usedFeatureIds.has(feature.id));
  // Entities are created under continuous-use features (seats): an item can be granted per entity of one.
  const entityFeatures = features.filter((feature) => feature.type === "continuous_use");
  const pricingMode: PricingMode = !price ? "free" : price.interval === "one_off" ? "one_off" : "recurring";

  function setPricingMode(mode: PricingMode) {
    const current = form.getValues("price");
    const base = { amount: current?.amount ?? 0, currency: current?.currency ?? "usd" };
    // A free trial is for recurring plans only.
    if (mode !== "recurring") form.setValue("freeTrial", null, { shouldDirty: true });
    if (mode === "free") form.setValue("price", null, { shouldDirty: true });
    else if (mode === "one_off") form.setValue("price", { ...base, interval: "one_off" }, { shouldDirty: true });
    else form.setValue("price", { ...base, interval: current?.interval && current.interval !== "one_off" ? current.interval : "month" }, { shouldDirty: true });
  }

  async function submit(values: PlanFormOutput) {
    if (plan) {
      const { planId, ...changes } = values;
      const result = await updatePlanAction({ planId, ...changes });
      if (!result.ok) return applyActionError(form, result.error);
      form.reset(defaultsFor(result.data));
      toast.success(
        result.data.version !== plan.version ? `Plan saved as version ${result.data.version}` : "Plan saved",
        result.data.version !== plan.version ? { description: `Customers who already have ${result.data.name} keep version ${plan.version}.` } : undefined,
      );
      router.refresh();
      return;
    }
    const result = await createPlanAction(values);
    if (!result.ok) return applyActionError(form, result.error);
    toast.success(`Plan ${result.data.name} created`);
    router.push(`/plans/${encodeURIComponent(result.data.id)}`);
  }

  const priceErrors = errors.price as { amount?: FieldError; currency?: FieldError; interval?: FieldError } | undefined;

  return (
    <form noValidate onSubmit={form.handleSubmit(submit)} aria-label={plan ? `Edit plan ${plan.name}` : "New plan"}>
      <fieldset disabled={readOnly || isSubmitting} className="flex min-w-0 flex-col gap-5">
        {env === "live" && !readOnly ? <LiveEditNotice what="catalog" /> : null}

        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
            <CardDescription>How the plan is named in the dashboard, in your application and in the API.</CardDescription>
          </CardHeader>
          <CardContent className="grid items-start gap-4 md:grid-cols-2">
            <Field label="Name" required error={errorText(errors.name)}>
              <Input autoComplete="off" placeholder="Pro" {...form.register("name")} />
            </Field>
            <Field label="Plan id" required help={plan ? "Fixed once created." : "What your code and the API use. Letters, digits, _ and -."} error={errorText(errors.planId)}>
              <Input className="font-mono" autoComplete="off" spellCheck={false} placeholder="pro" disabled={Boolean(plan) || readOnly} {...form.register("planId")} />
            </Field>
            <Field label="Description" optional className="md:col-span-2" error={errorText(errors.description)}>
              <Textarea rows={2} {...form.register("description")} />
            </Field>
            <Field label="Group" optional help="Plans in one group replace each other when enabled (upgrade, downgrade)." error={errorText(errors.group)}>
              <Input autoComplete="off" placeholder="main" {...form.register("group")} />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Price</CardTitle>
            <CardDescription>
              {plan
                ? `Version ${plan.version}. Once customers have it, changing the price or the features creates version ${plan.version + 1}: they keep theirs until you migrate them. Until then the version is edited in place.`
                : "What customers pay for this plan, through Stripe."}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid items-start gap-4 md:grid-cols-3">
            <Field label="Pricing">
              <Select value={pricingMode} onValueChange={(value) => setPricingMode(value as PricingMode)} disabled={readOnly}>
                <SelectTrigger>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="free">Free</SelectItem>
                  <SelectItem value="recurring">Recurring</SelectItem>
                  <SelectItem value="one_off">One-off payment</SelectItem>
                </SelectContent>
              </Select>
            </Field>
            {price ? (
              <>
                <Controller
                  control={form.control}
                  name="price.amount"
                  render={({ field }) => (
                    <Field label="Amount" required error={errorText(priceErrors?.amount)}>
                      <MoneyInput key={price.currency} value={field.value ?? Number.NaN} currency={price.currency ?? "usd"} onChange={field.onChange} onBlur={field.onBlur} disabled={readOnly} />
                    </Field>
                  )}
                />
                <div className="grid grid-cols-2 items-start gap-3">
                  <Field label="Currency" required error={errorText(priceErrors?.currency)}>
                    <Input className="font-mono uppercase" maxLength={3} autoComplete="off" {...form.register("price.currency")} />
                  </Field>
                  {pricingMode === "recurring" ? (
                    <Controller
                      control={form.control}
                      name="price.interval"
                      render={({ field }) => (
                        <Field label="Billed" required error={errorText(priceErrors?.interval)}>
                          <Select value={field.value} onValueChange={field.onChange} disabled={readOnly}>
                            <SelectTrigger onBlur={field.onBlur}>
                              <SelectValue />
                            </SelectTrigger>
                            <SelectContent>
                              {RECURRING_INTERVALS.map((interval) => (
                                <SelectItem key={interval.value} value={interval.value}>
                                  {interval.label}
                                </SelectItem>
                              ))}
                            </SelectContent>
                          </Select>
                        </Field>
                      )}
                    />
                  ) : null}
                </div>
                {pricingMode === "recurring" ? (
                  <Controller
                    control={form.control}
                    name="freeTrial"
                    render={({ field }) => (
                      <Field label="Free trial" optional help="Free on a customer's first enablement of the plan." error={errorText((errors.freeTrial as { length?: FieldError } | undefined)?.length)}>
                        <div className="grid grid-cols-2 gap-2">
                          <Input
                            type="number"
                            min={1}
                            step={1}
                            aria-label="Free trial length"
                            placeholder="None"
                            value={field.value?.length ?? ""}
                            onChange={(event) =>
                              field.onChange(event.target.value === "" ? null : { unit: "day", cardRequired: false, onEnd: "bill", ...field.value, length: Number(event.target.value) })
                            }
                            onBlur={field.onBlur}
                          />
                          <Select
                            value={field.value?.unit ?? "day"}
                            onValueChange={(unit) => field.value && field.onChange({ ...field.value, unit: unit as (typeof TRIAL_UNITS)[number]["value"] })}
                            disabled={readOnly || !field.value}
                          >
                            <SelectTrigger aria-label="Free trial unit">
                              <SelectValue />
                            </SelectTrigger>
                            <SelectContent>
                              {TRIAL_UNITS.map((unit) => (
                                <SelectItem key={unit.value} value={unit.value}>
                                  {unit.label}
                                </SelectItem>
                              ))}
                            </SelectContent>
                          </Select>
                        </div>
                      </Field>
                    )}
                  />
                ) : null}
              </>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Features</CardTitle>
            <CardDescription>What a customer with this plan may use. Usage limits apply per reset period.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            {items.fields.length === 0 ? (
              <p className="rounded-md border border-dashed border-border px-4 py-6 text-center text-[13px] text-muted-foreground">
                This plan grants no features yet.{readOnly ? "" : " Add one below."}
              </p>
            ) : (
              <ul className="flex flex-col gap-2" aria-label="Plan features">
                {items.fields.map((row, index) => {
                  const featureId = watchedItems[index]?.featureId ?? row.featureId;
                  const feature = featureById.get(featureId);
                  const type: FeatureType = feature?.type ?? "boolean";
                  const unlimited = watchedItems[index]?.unlimited ?? false;
                  const itemErrors = errors.items?.[index];
                  const entityFeatureId = watchedItems[index]?.entityFeatureId ?? null;
                  const entityOptions = entityFeatures.filter((option) => option.id !== featureId && (!option.archived || option.id === entityFeatureId));
                  return (
                    <li key={row.id} className="grid gap-3 rounded-md border border-border p-3 md:grid-cols-[minmax(10rem,1.4fr)_repeat(3,minmax(7rem,1fr))_auto] md:items-start">
                      <div className="grid gap-0.5">
                        <span className="text-[13px] font-medium">{feature?.name ?? featureId}</span>
                        <span className="font-mono text-xs text-muted-foreground">
                          {featureId} · {FEATURE_TYPE_LABEL[type]}
                          {feature?.archived ? " · archived" : ""}
                        </span>
                        {itemErrors?.featureId ? <span className="text-xs font-medium text-destructive-ink">{errorText(itemErrors.featureId)}</span> : null}
                      </div>
                      {type === "boolean" ? (
                        <p className="text-[13px] text-muted-foreground md:col-span-3 md:pt-1.5">Included: the customer has this feature.</p>
                      ) : (
                        <>
                          <Field label="Included" error={errorText(itemErrors?.included)}>
                            <Input type="number" min={0} step="any" inputSize="sm" disabled={unlimited || readOnly} {...form.register(`items.${index}.included`, { valueAsNumber: true })} />
                          </Field>
                          <div className="flex flex-col gap-2 pt-1">
                            <Controller
                              control={form.control}
                              name={`items.${index}.unlimited`}
                              render={({ field }) => (
                                <Field label="Unlimited" orientation="horizontal">
                                  <Checkbox checked={field.value ?? false} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} />
                                </Field>
                              )}
                            />
                            <Controller
                              control={form.control}
                              name={`items.${index}.overageAllowed`}
                              render={({ field }) => (
                                <Field label="Allow overage" orientation="horizontal">
                                  <Checkbox checked={field.value ?? false} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} disabled={unlimited || readOnly} />
                                </Field>
                              )}
                            />
                          </div>
                          {type === "single_use" ? (
                            <Controller
                              control={form.control}
                              name={`items.${index}.resetInterval`}
                              render={({ field }) => (
                                <Field label="Resets" error={errorText(itemErrors?.resetInterval)}>
                                  <Select value={field.value ?? "none"} onValueChange={field.onChange} disabled={readOnly}>
                                    <SelectTrigger size="sm" onBlur={field.onBlur}>
                                      <SelectValue />
                                    </SelectTrigger>
                                    <SelectContent>
                                      {RESET_INTERVALS.map((interval) => (
                                        <SelectItem key={interval.value} value={interval.value}>
                                          {interval.label}
                                        </SelectItem>
                                      ))}
                                    </SelectContent>
                                  </Select>
                                </Field>
                              )}
                            />
                          ) : (
                            <p className="text-xs text-muted-foreground md:pt-1.5">Continuous usage never resets.</p>
                          )}
                        </>
                      )}
                      {readOnly ? null : (
                        <Button variant="ghost" size="icon-sm" className="justify-self-end" aria-label={`Remove ${feature?.name ?? featureId}`} onClick={() => items.remove(index)}>
                          <Trash2 />
                        </Button>
                      )}
                      {entityOptions.length > 0 || entityFeatureId ? (
                        <Controller
                          control={form.control}
                          name={`items.${index}.entityFeatureId`}
                          render={({ field }) => (
                            <Field label="Granted" error={errorText(itemErrors?.entityFeatureId)} className="md:col-span-full md:max-w-sm">
                              <Select value={field.value ?? PER_CUSTOMER} onValueChange={(value) => field.onChange(value === PER_CUSTOMER ? null : value)} disabled={readOnly}>
                                <SelectTrigger size="sm" onBlur={field.onBlur}>
                                  <SelectValue />
                                </SelectTrigger>
                                <SelectContent>
                                  <SelectItem value={PER_CUSTOMER}>Per customer (one balance)</SelectItem>
                                  {entityOptions.map((option) => (
                                    <SelectItem key={option.pk} value={option.id}>
                                      Per entity of {option.name}
                                    </SelectItem>
                                  ))}
                                  {entityFeatureId && !entityOptions.some((option) => option.id === entityFeatureId) ? (
                                    <SelectItem value={entityFeatureId}>Per entity of {entityFeatureId}</SelectItem>
                                  ) : null}
                                </SelectContent>
                              </Select>
                            </Field>
                          )}
                        />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
            {readOnly ? null : addable.length > 0 ? (
              <div className="flex items-center gap-2">
                <Label htmlFor="add-plan-feature" className="sr-only">
                  Add a feature
                </Label>
                <Select
                  value=""
                  onValueChange={(featureId) => items.append({ featureId, included: 0, unlimited: false, resetInterval: featureById.get(featureId)?.type === "single_use" ? "month" : "none", overageAllowed: false, entityFeatureId: null })}
                >
                  <SelectTrigger id="add-plan-feature" className="w-64" size="sm">
                    <SelectValue placeholder="Add a feature…" />
                  </SelectTrigger>
                  <SelectContent>
                    {addable.map((feature) => (
                      <SelectItem key={feature.pk} value={feature.id}>
                        {feature.name} ({FEATURE_TYPE_LABEL[feature.type]})
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </div>
            ) : features.length === 0 ? (
              <Alert variant="info">
                There are no features in this environment yet. <Link href="/features">Create features</Link> first, then add them here.
              </Alert>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Behaviour</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <Controller
              control={form.control}
              name="isDefault"
              render={({ field }) => (
                <Field
                  label="Default plan"
                  orientation="horizontal"
                  help="Enabled automatically for every new customer. Must be free; one per group."
                  error={errorText(errors.isDefault)}
                >
                  <Switch checked={field.value ?? false} onCheckedChange={field.onChange} onBlur={field.onBlur} />
                </Field>
              )}
            />
            <Controller
              control={form.control}
              name="isAddOn"
              render={({ field }) => (
                <Field label="Add-on" orientation="horizontal" help="Stacks on top of the customer's other plans instead of replacing them." error={errorText(errors.isAddOn)}>
                  <Switch checked={field.value ?? false} onCheckedChange={field.onChange} onBlur={field.onBlur} />
                </Field>
              )}
            />
          </CardContent>
        </Card>

        {readOnly ? null : (
          <div className="sticky bottom-0 z-10 -mx-1 flex items-center justify-end gap-2 border-t border-border bg-background/95 px-1 py-3 backdrop-blur">
            {plan && isDirty ? <span className="mr-auto text-[13px] text-muted-foreground">Unsaved changes</span> : null}
            <Button variant="outline" onClick={() => (plan ? form.reset(defaultsFor(plan)) : router.push("/plans"))} disabled={isSubmitting}>
              {plan ? "Discard changes" : "Cancel"}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {plan ? "Save plan" : "Create plan"}
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
