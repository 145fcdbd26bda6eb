import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { listCustomerImports } from "@/lib/customers/import/customer-imports";
import { PageHeader } from "@/components/ui/page-header";
import { ImportFlow } from "@/components/customers/import/import-flow";
import { ImportHistory } from "@/components/customers/import/import-history";

export const metadata: Metadata = { title: "Import customers" };

export default async function ImportCustomersPage() {
  const ctx = await requireStaffPage();
  const imports = await listCustomerImports(ctx);
  const canWrite = roleCan(ctx.actor.role, "customers:write");
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Import customers"
        description="Pre-create the customers of a sales pipeline from a CSV file: map its columns, see what each row will do, then apply."
        back={{ href: "/customers", label: "Customers" }}
      />
      {canWrite ? <ImportFlow env={ctx.env} /> : null}
      <ImportHistory imports={imports} canWrite={canWrite} />
    </div>
  );
}
