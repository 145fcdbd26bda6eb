"use client";
// A plan's buttons in the portal: "Pay now" (a card-billed plan waiting for payment → Stripe
// Checkout), "Cancel plan" (at the end of the period, after a confirmation that says when) and
// "Keep plan" (takes a cancellation back) and "Change plan" (another plan of its group, through a
// dialog that previews the switch). The server actions come from the page; they take the plan's
// id, which the server checks against the signed-in customer.
import { useMemo, useState, useTransition } from "react";
import { CreditCard } from "lucide-react";
import type { PortalPlanResult } from "@/lib/portal/portal-plan-billing";
import type { PortalPlanOption } from "@/lib/portal/portal-plan-change";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { ChangePlanDialog, type ChangePlanHandlers } from "./change-plan-dialog";

export type PlanActionHandlers = {
  pay: (customerPlanId: string) => Promise<PortalPlanResult>;
  cancel: (customerPlanId: string) => Promise<PortalPlanResult>;
  keep: (customerPlanId: string) => Promise<PortalPlanResult>;
  /** Change plan: without them (or without options) no "Change plan" button. */
  previewChange?: ChangePlanHandlers["preview"];
  change?: ChangePlanHandlers["change"];
};

export type PlanActionsProps = {
  planKey: string;
  planName: string;
  payable: boolean;
  cancelable: boolean;
  canceling: boolean;
  /** When a cancellation takes effect ("Jan 31, 2027"), or null when the period's end is unknown. */
  endsOn: string | null;
  /** The plans of its group the customer may switch it to (none: no "Change plan"). */
  changeOptions?: PortalPlanOption[];
  actions: PlanActionHandlers;
};

const FAILED = "Something went wrong on our side. Try again in a moment.";

export function PlanActions({ planKey, planName, payable, cancelable, canceling, endsOn, changeOptions = [], actions }: PlanActionsProps) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [changing, setChanging] = useState(false);
  const { previewChange, change } = actions;
  const changeable = changeOptions.length > 0 && previewChange !== undefined && change !== undefined;
  // A stable pair, so the dialog's preview does not reload on every render.
  const changeHandlers = useMemo(() => (previewChange && change ? { preview: previewChange, change } : null), [previewChange, change]);
  const [error, setError] = useState<string | null>(null);

  function run(action: (id: string) => Promise<PortalPlanResult>) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action(planKey);
        if (!result.ok) setError(result.message);
        else if (result.url) window.location.assign(result.url);
      } catch {
        setError(FAILED);
      }
    });
  }

  async function confirmCancel() {
    setError(null);
    try {
      const result = await actions.cancel(planKey);
      if (!result.ok) setError(result.message);
    } catch {
      setError(FAILED);
    }
  }

  if (!payable && !cancelable && !canceling && !changeable) return null;
  return (
    <div className="flex basis-full flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {payable ? (
          <Button size="sm" loading={pending} disabled={pending} onClick={() => run(actions.pay)}>
            <CreditCard aria-hidden="true" />
            Pay now
          </Button>
        ) : null}
        {changeable ? (
          <Button size="sm" variant="outline" disabled={pending} onClick={() => setChanging(true)}>
            Change plan
          </Button>
        ) : null}
        {canceling ? (
          <Button size="sm" variant="outline" loading={pending} disabled={pending} onClick={() => run(actions.keep)}>
            Keep plan
          </Button>
        ) : cancelable ? (
          <Button size="sm" variant="ghost" disabled={pending} onClick={() => setConfirming(true)}>
            Cancel plan
          </Button>
        ) : null}
      </div>
      {error ? (
        <Alert variant="danger" title="That did not work">
          {error}
        </Alert>
      ) : null}
      {changeable && changeHandlers ? (
        <ChangePlanDialog open={changing} onOpenChange={setChanging} planKey={planKey} planName={planName} options={changeOptions} actions={changeHandlers} />
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Cancel ${planName}?`}
        description={
          endsOn
            ? `${planName} stays active until ${endsOn}, then ends. You are not charged again. You can keep it until then.`
            : `${planName} stays active until the end of the current billing period, then ends. You can keep it until then.`
        }
        confirmLabel="Cancel plan"
        cancelLabel={`Keep ${planName}`}
        onConfirm={confirmCancel}
      />
    </div>
  );
}
