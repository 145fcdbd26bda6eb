"use client";

import { ArrowUpCircle } from "lucide-react";
import { migratePlanCustomersAction } from "@/lib/plans/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/**
 * Editing a plan that customers have makes a new version and leaves them on theirs: this moves
 * them to the current one, with confirmation (their balances change to the new items).
 */
export function PlanMigrateButton({ plan, olderVersions }: { plan: { id: string; name: string; version: number }; olderVersions: { version: number; customers: number }[] }) {
  const customers = olderVersions.reduce((sum, v) => sum + v.customers, 0);
  if (customers === 0) return null;
  const on = olderVersions.map((v) => `${v.customers} on v${v.version}`).join(", ");
  async function migrate(): Promise<boolean> {
    const result = await migratePlanCustomersAction({ planId: plan.id });
    if (!result.ok) {
      toastActionError(result.error, "Could not migrate the customers");
      return false;
    }
    toast.success(`${result.data.migrated} ${result.data.migrated === 1 ? "customer" : "customers"} moved to v${result.data.version}`);
    return true;
  }
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline">
          <ArrowUpCircle aria-hidden="true" />
          Migrate {customers} {customers === 1 ? "customer" : "customers"} to v{plan.version}…
        </Button>
      }
      title={`Move ${plan.name}'s customers to v${plan.version}?`}
      description={`Customers on older versions (${on}) get v${plan.version}'s items and included usage; usage so far is kept, and a negotiated price or per-customer override stays as it is.`}
      confirmLabel="Migrate customers"
      onConfirm={migrate}
    />
  );
}
