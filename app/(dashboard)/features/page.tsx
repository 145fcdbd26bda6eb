import type { Metadata } from "next";
import { createLoader, parseAsBoolean, type SearchParams } from "nuqs/server";
import { Plus } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { listFeatures } from "@/lib/features/list-features";
import { FeatureFormDialog } from "@/components/catalog/feature-form-dialog";
import { FeaturesTable } from "@/components/catalog/features-table";
import { ShowArchivedSwitch } from "@/components/catalog/archive-toggle";
import { ReadOnlyNotice } from "@/components/dashboard/notices";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Features" };

const loadSearchParams = createLoader({ archived: parseAsBoolean.withDefault(false) });

export default async function FeaturesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const { archived } = await loadSearchParams(searchParams);
  const features = await listFeatures(ctx, { includeArchived: archived });
  const canEdit = roleCan(ctx.actor.role, "catalog:write");
  const newButton = canEdit ? (
    <FeatureFormDialog
      env={ctx.env}
      trigger={
        <Button>
          <Plus aria-hidden="true" />
          New feature
        </Button>
      }
    />
  ) : null;

  return (
    <>
      <PageHeader
        title="Features"
        description="What plans grant: capabilities your application checks, and usage it tracks."
        actions={newButton}
      />
      {canEdit ? null : <ReadOnlyNotice />}
      <div className="mb-3 flex justify-end">
        <ShowArchivedSwitch />
      </div>
      <FeaturesTable features={features} env={ctx.env} canEdit={canEdit} showingArchived={archived} newButton={newButton} />
    </>
  );
}
