import { Package } from "lucide-react";
import type { PlanView } from "@/lib/plans/plan-view";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableLinkRow, TableRowLink } from "@/components/ui/table";
import { TableRow } from "@/components/ui/table";
import { formatPlanPrice } from "./plan-price";

export function PlansTable({ plans, canEdit, newButton }: { plans: PlanView[]; canEdit: boolean; newButton: React.ReactNode }) {
  if (plans.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={Package}
          title="No plans yet"
          description={
            canEdit
              ? "A plan bundles features (and usage limits) with a price. Create a free default plan first, then paid ones."
              : "An admin has not defined any plans in this environment yet."
          }
          action={canEdit ? newButton : null}
        />
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <Table aria-label="Plans">
        <TableHeader>
          <TableRow>
            <TableHead>Plan</TableHead>
            <TableHead>Plan id</TableHead>
            <TableHead>Price</TableHead>
            <TableHead align="right">Features</TableHead>
            <TableHead>Group</TableHead>
            <TableHead>Version</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plans.map((plan) => (
            <TableLinkRow key={plan.pk} href={`/plans/${encodeURIComponent(plan.id)}`}>
              <TableCell>
                <span className="flex flex-wrap items-center gap-1.5">
                  <TableRowLink>{plan.name}</TableRowLink>
                  {plan.isDefault ? <Badge variant="info">Default</Badge> : null}
                  {plan.isAddOn ? <Badge variant="outline">Add-on</Badge> : null}
                  {plan.archived ? <Badge variant="neutral">Archived</Badge> : null}
                </span>
              </TableCell>
              <TableCell className="font-mono text-[13px]">{plan.id}</TableCell>
              <TableCell className="numeric whitespace-nowrap">{formatPlanPrice(plan.price)}</TableCell>
              <TableCell numeric>{plan.items.length}</TableCell>
              <TableCell className="text-muted-foreground">{plan.group ?? "—"}</TableCell>
              <TableCell className="numeric text-muted-foreground">v{plan.version}</TableCell>
            </TableLinkRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
