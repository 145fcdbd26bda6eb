// The enable-plan dialog's form: its values, their defaults, and the resolver that turns them into
// the action's input through the domain's own schemas (enablePlanSchema for the plan,
// billingOptionsSchema for how a paid plan is billed), so the form and the server agree.
import type { FieldErrors, Resolver } from "react-hook-form";
import { enablePlanSchema, type EnablePlanInput } from "@/lib/plans/schemas";
import {
  billingOptionsSchema,
  DEFAULT_DAYS_UNTIL_DUE,
  DEFAULT_REMINDER_DAYS,
  type Activation,
  type BillingMode,
  type BillingOptionsInput,
  type ContractEnd,
} from "@/lib/billing/lifecycle/billing-options";
import type { EnableBilledPlanInput } from "@/lib/billing/views/dashboard-actions";
import { fieldMessage } from "@/components/dashboard/action-feedback";
import { currencyDigits } from "@/components/dashboard/format";
import type { PlanChoice } from "./customer-detail-types";

type OverrideValues = { included: string; unlimited: boolean };

export type BillingFormValues = {
  mode: BillingMode;
  /** As typed; a whole number of days. */
  daysUntilDue: string;
  finalize: "send" | "draft";
  activate: Activation;
  onEnd: ContractEnd;
  reminderDays: string;
};

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
  /** Used only for a paid plan (list or negotiated price above zero). */
  billing: BillingFormValues;
};

export type EnablePlanFormOutput = EnableBilledPlanInput;

/** By invoice where Stripe can send one; without Stripe only "billed elsewhere" can be saved. */
export const defaultBillingValues = (stripeEnabled: boolean): BillingFormValues => ({
  mode: stripeEnabled ? "invoice" : "elsewhere",
  daysUntilDue: String(DEFAULT_DAYS_UNTIL_DUE),
  finalize: "send",
  activate: "immediately",
  onEnd: "end",
  reminderDays: String(DEFAULT_REMINDER_DAYS),
});

/** Form path of each domain path, for the resolver's and the server's errors. */
export const FIELD_OF_PATH: Record<string, string> = {
  customPriceAmount: "price",
  customCurrency: "currency",
  startsAt: "startsOn",
  endsAt: "endsOn",
  "billing.mode": "billing.mode",
  "billing.days_until_due": "billing.daysUntilDue",
  "billing.auto_finalize": "billing.finalize",
  "billing.activate": "billing.activate",
  "billing.on_end": "billing.onEnd",
  "billing.reminder_days": "billing.reminderDays",
};

const localMidnight = (day: string) => new Date(`${day}T00:00:00`).toISOString();
export const metered = (item: PlanChoice["items"][number]) => item.featureType !== "boolean";
const wholeDays = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
const typedAmount = (text: string) => Number(text.replace(/,/g, ""));

/**
 * Whether the plan costs this customer money, so it needs a way to be billed: the negotiated
 * price when one is typed (a typed 0 makes it free), else the list price.
 */
export function isPaid(plan: PlanChoice | undefined, values: Pick<EnablePlanFormValues, "negotiated" | "price">): boolean {
  if (!plan) return false;
  if (values.negotiated && values.price.trim() !== "") {
    const amount = typedAmount(values.price);
    return !Number.isFinite(amount) || amount > 0;
  }
  return (plan.price?.amount ?? 0) > 0;
}

/** Billing values → the base schema's input; numbers that cannot be read become field errors. */
export function toBillingOptions(values: BillingFormValues, contract: boolean): { billing: BillingOptionsInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const billing: BillingOptionsInput = { mode: values.mode, activate: values.mode === "elsewhere" ? "immediately" : values.activate };
  if (values.mode === "invoice") {
    const days = wholeDays(values.daysUntilDue);
    if (days === null) errors["billing.daysUntilDue"] = "Enter a whole number of days, e.g. 30";
    else billing.days_until_due = days;
    billing.auto_finalize = values.finalize === "send";
  }
  // Renew-or-end and the reminder mean something only for a contract (a plan with an end date).
  if (contract) {
    billing.on_end = values.onEnd;
    const days = wholeDays(values.reminderDays);
    if (days === null) errors["billing.reminderDays"] = "Enter a whole number of days (0: no reminder)";
    else billing.reminder_days = days;
  }
  return { billing, errors };
}

/** Form values → the action's input; the values that cannot even be read become field errors. */
export function toEnablePlanInput(customerId: string, values: EnablePlanFormValues, plan: PlanChoice | undefined) {
  const errors: Record<string, string> = {};
  let customPriceAmount: number | null = null;
  if (values.negotiated) {
    const amount = typedAmount(values.price);
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
  const input: EnableBilledPlanInput = {
    customerId,
    planId: values.planId,
    customPriceAmount,
    customCurrency: values.negotiated ? values.currency.trim() || null : null,
    overrides,
    startsAt: values.startsOn ? localMidnight(values.startsOn) : null,
    endsAt: values.endsOn ? localMidnight(values.endsOn) : null,
    note: values.note.trim() || null,
  };
  if (isPaid(plan, values)) {
    const billing = toBillingOptions(values.billing, values.endsOn !== "");
    input.billing = billing.billing;
    Object.assign(errors, billing.errors);
  }
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

/** Validates with the domain's own schemas, so the form and the server agree. */
export function enablePlanResolver(customerId: string, choices: PlanChoice[]): Resolver<EnablePlanFormValues, unknown, EnablePlanFormOutput> {
  return async (values) => {
    const plan = choices.find((choice) => choice.id === values.planId);
    const { input, errors } = toEnablePlanInput(customerId, values, plan);
    if (!values.planId) errors.planId = "Choose a plan";
    const { billing, ...planInput } = input;
    const issues = [...(enablePlanSchema.safeParse(planInput).error?.issues ?? [])];
    if (billing) issues.push(...(billingOptionsSchema.safeParse(billing).error?.issues.map((issue) => ({ ...issue, path: ["billing", ...issue.path] })) ?? []));
    for (const issue of issues) {
      const path = issue.path.map(String).join(".");
      const field = FIELD_OF_PATH[path] ?? path;
      errors[field] ??= fieldMessage(issue.message);
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors: errorsFrom(errors) };
    return { values: input, errors: {} };
  };
}

export function defaultsFor(plan: PlanChoice | undefined, planId: string, stripeEnabled: boolean): EnablePlanFormValues {
  return {
    planId,
    negotiated: false,
    price: "",
    currency: plan?.price?.currency ?? "usd",
    overrides: Object.fromEntries((plan?.items ?? []).filter(metered).map((item) => [item.featureId, { included: "", unlimited: item.unlimited }])),
    startsOn: "",
    endsOn: "",
    note: "",
    billing: defaultBillingValues(stripeEnabled),
  };
}
