"use client";

import { Archive, ArchiveRestore } from "lucide-react";
import type { PlanView } from "@/lib/plans/plan-view";
import { archivePlanAction } from "@/lib/plans/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

async function setArchived(plan: Pick<PlanView, "id" | "name">, archived: boolean): Promise<boolean> {
  const result = await archivePlanAction({ planId: plan.id, archived });
  if (!result.ok) {
    toastActionError(result.error, archived ? "Could not archive the plan" : "Could not restore the plan");
    return false;
  }
  toast.success(archived ? `Plan ${plan.name} archived` : `Plan ${plan.name} restored`);
  return true;
}

/** Archive (with confirmation) or restore a plan. */
export function PlanArchiveButton({ plan, size = "md" }: { plan: Pick<PlanView, "id" | "name" | "archived">; size?: "sm" | "md" }) {
  if (plan.archived) {
    return (
      <Button variant="outline" size={size} onClick={() => void setArchived(plan, false)}>
        <ArchiveRestore aria-hidden="true" />
        Restore
      </Button>
    );
  }
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size={size}>
          <Archive aria-hidden="true" />
          Archive…
        </Button>
      }
      title={`Archive ${plan.name}?`}
      description="It can no longer be enabled for customers and stops being a default plan. Customers who have it keep it, and their balances keep working and resetting. You can restore it later."
      confirmLabel="Archive plan"
      onConfirm={() => setArchived(plan, true)}
    />
  );
}
