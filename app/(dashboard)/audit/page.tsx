import type { Metadata } from "next";
import { createLoader, type SearchParams } from "nuqs/server";
import { requireStaffPage } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import type { AuditFilters } from "@/lib/audit/schemas";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";
import { AuditLog } from "@/components/audit/audit-log";
import { auditSearchParams } from "@/lib/audit/audit-search-params";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit log" };

const loadSearchParams = createLoader(auditSearchParams);

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const values = await loadSearchParams(searchParams);
  const filters: AuditFilters = {
    actor: values.actor || undefined,
    actorKind: values.actorKind ?? undefined,
    action: values.action || undefined,
    customer: values.customer || undefined,
  };
  // The first page comes with the HTML; later pages and filter changes come from /api/dashboard/audit-events.
  const initialPage = await listAuditEvents(ctx, filters);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change in the ${ENVIRONMENT_LABEL[ctx.env].toLowerCase()} environment, and staff changes, newest first. Open a row to see what changed.`}
      />
      <AuditLog key={ctx.env} env={ctx.env} initialPage={initialPage} initialFilters={filters} />
    </>
  );
}
