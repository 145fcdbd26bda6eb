import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { getPlan } from "@/lib/plans/get-plan";
import { listFeatures } from "@/lib/features/list-features";
import { PlanEditor } from "@/components/catalog/plan-editor";
import { PlanArchiveButton } from "@/components/catalog/plan-archive-button";
import { PlanMigrateButton } from "@/components/catalog/plan-migrate-button";
import { customersOnOlderVersions } from "@/lib/plans/customers-on-older-versions";
import { formatPlanPrice } from "@/components/catalog/plan-price";
import { ReadOnlyNotice } from "@/components/dashboard/notices";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

type Params = Promise<{ planId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Plan ${decodeURIComponent((await params).planId)}` };
}

export default async function PlanPage({ params }: { params: Params }) {
  const ctx = await requireStaffPage();
  const planId = decodeURIComponent((await params).planId);
  const plan = await getPlan(ctx, { planId }).catch((error: unknown) => {
    if (isDomainError(error) && (error.code === "plan_not_found" || error.code === "invalid_inputs")) notFound();
    throw error;
  });
  const canEdit = roleCan(ctx.actor.role, "catalog:write");
  const olderVersions = canEdit ? await customersOnOlderVersions(ctx, { planId }) : [];
  // Features already on the plan stay listed even when archived, so the editor can show them.
  const features = (await listFeatures(ctx, { includeArchived: true })).filter((feature) => !feature.archived || plan.items.some((item) => item.featureId === feature.id));

  return (
    <>
      <PageHeader
        title={plan.name}
        back={{ href: "/plans", label: "Plans" }}
        meta={
          <>
            <Badge variant="outline" className="font-mono">
              {plan.id}
            </Badge>
            <Badge variant="neutral">v{plan.version}</Badge>
            {plan.archived ? <Badge variant="warning">Archived</Badge> : null}
          </>
        }
        description={`${formatPlanPrice(plan.price)} · ${plan.items.length} ${plan.items.length === 1 ? "feature" : "features"}`}
        actions={
          canEdit ? (
            <>
              <PlanMigrateButton plan={plan} olderVersions={olderVersions} />
              <PlanArchiveButton plan={plan} />
            </>
          ) : null
        }
      />
      {canEdit ? null : <ReadOnlyNotice />}
      <PlanEditor key={`${plan.pk}-${plan.version}-${plan.updatedAt.toISOString()}`} env={ctx.env} plan={plan} features={features} readOnly={!canEdit} />
    </>
  );
}
