"use client";

import { useEffect } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { adjustBalanceSchema, type AdjustBalanceInput } from "@/lib/balances/schemas";
import { adjustBalanceAction } from "@/lib/balances/actions";
import { applyActionError, fieldMessage } from "@/components/dashboard/action-feedback";
import { formatNumber } from "@/components/dashboard/format";
import { LiveEditNotice } from "@/components/dashboard/notices";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogFormFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";
import { useCustomerChanged } from "./use-customer-changed";

type AdjustFormValues = { featureId: string; mode: "delta" | "set"; amount: string; reason: string };

export type AdjustTarget = { featureId: string; featureName: string; granted: number; usage: number };

/** Validates with the domain's adjustBalanceSchema; its `delta` / `newGranted` errors land on the amount. */
function adjustResolver(customerId: string): Resolver<AdjustFormValues, unknown, AdjustBalanceInput> {
  return async (values) => {
    const errors: Record<string, { type: string; message: string }> = {};
    const amount = Number(values.amount.replace(/,/g, ""));
    if (values.amount.trim() === "" || !Number.isFinite(amount)) errors.amount = { type: "validate", message: "Enter a number" };
    const input: AdjustBalanceInput = {
      customerId,
      featureId: values.featureId,
      reason: values.reason,
      ...(values.mode === "delta" ? { delta: amount } : { newGranted: amount }),
    };
    const parsed = adjustBalanceSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "reason" ? "reason" : "amount";
        errors[field] ??= { type: "validate", message: fieldMessage(issue.message) };
      }
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors };
    return { values: input, errors: {} };
  };
}

/** Change what a customer is granted for a feature, with a reason (recorded in the activity log). */
export function AdjustBalanceDialog({
  customer,
  target,
  onOpenChange,
}: {
  customer: CustomerDetailView;
  target: AdjustTarget | null;
  onOpenChange: (open: boolean) => void;
}) {
  const changed = useCustomerChanged(customer.env, customer.internalId, { pageRevalidated: true });
  const form = useForm<AdjustFormValues, unknown, AdjustBalanceInput>({
    resolver: adjustResolver(customer.internalId),
    defaultValues: { featureId: "", mode: "delta", amount: "", reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const mode = useWatch({ control: form.control, name: "mode" });
  const amountText = useWatch({ control: form.control, name: "amount" });

  useEffect(() => {
    if (target) form.reset({ featureId: target.featureId, mode: "delta", amount: "", reason: "" });
  }, [target, form]);

  const amount = Number(amountText?.replace(/,/g, ""));
  const preview = target && amountText?.trim() && Number.isFinite(amount) ? (mode === "delta" ? target.granted + amount : amount) : null;

  async function submit(input: AdjustBalanceInput) {
    const result = await adjustBalanceAction(input);
    if (!result.ok) return applyActionError(form, result.error, { delta: "amount", newGranted: "amount" });
    changed();
    toast.success(`${target?.featureName ?? "Balance"} adjusted`, { description: `Granted is now ${formatNumber(result.data.granted)}.` });
    onOpenChange(false);
  }

  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      <DialogContent size="sm">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="contents">
          <DialogHeader>
            <DialogTitle>Adjust {target?.featureName ?? "balance"}</DialogTitle>
            <DialogDescription>
              Granted {formatNumber(target?.granted ?? 0)}, used {formatNumber(target?.usage ?? 0)}. The change lasts as long as the plan that grants it.
            </DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            {customer.env === "live" ? <LiveEditNotice what="customer's balance" /> : null}
            <div className="grid grid-cols-[9rem_1fr] gap-3">
              <Field label="Change">
                <NativeSelect {...form.register("mode")}>
                  <option value="delta">Add or remove</option>
                  <option value="set">Set granted to</option>
                </NativeSelect>
              </Field>
              <Field
                label={mode === "delta" ? "Amount (negative removes)" : "New granted amount"}
                required
                help={preview !== null ? `Granted after: ${formatNumber(preview)}` : undefined}
                error={errors.amount?.message}
              >
                <Input inputMode="decimal" autoComplete="off" className="numeric" placeholder={mode === "delta" ? "+10" : String(target?.granted ?? 0)} {...form.register("amount")} />
              </Field>
            </div>
            <Field label="Reason" required help="Recorded in the activity log." error={errors.reason?.message}>
              <Textarea rows={2} placeholder="Goodwill credit after the March outage" {...form.register("reason")} />
            </Field>
          </DialogBody>
          <DialogFormFooter submitting={isSubmitting}>Adjust balance</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
