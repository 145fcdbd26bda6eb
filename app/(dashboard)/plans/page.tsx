import type { Metadata } from "next";
import Link from "next/link";
import { createLoader, parseAsBoolean, type SearchParams } from "nuqs/server";
import { Plus } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { listPlans } from "@/lib/plans/list-plans";
import { PlansTable } from "@/components/catalog/plans-table";
import { ShowArchivedSwitch } from "@/components/catalog/archive-toggle";
import { ReadOnlyNotice } from "@/components/dashboard/notices";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Plans" };

const loadSearchParams = createLoader({ archived: parseAsBoolean.withDefault(false) });

export default async function PlansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const { archived } = await loadSearchParams(searchParams);
  const plans = await listPlans(ctx, { includeArchived: archived });
  const canEdit = roleCan(ctx.actor.role, "catalog:write");
  const newButton = canEdit ? (
    <Button asChild>
      <Link href="/plans/new">
        <Plus aria-hidden="true" />
        New plan
      </Link>
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Plans" description="What customers can have: a price and the features it grants. Open a plan to see or change it." actions={newButton} />
      {canEdit ? null : <ReadOnlyNotice />}
      <div className="mb-3 flex justify-end">
        <ShowArchivedSwitch />
      </div>
      <PlansTable plans={plans} canEdit={canEdit} newButton={newButton} />
    </>
  );
}
