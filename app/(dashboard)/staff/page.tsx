import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { listStaff } from "@/lib/staff/list-staff";
import { InviteStaffDialog } from "@/components/dashboard/staff/invite-staff-dialog";
import { StaffTable } from "@/components/dashboard/staff/staff-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const ctx = await requireStaffPage("admin");
  const members = await listStaff(ctx);
  return (
    <>
      <PageHeader
        title="Staff"
        description="Who can open this dashboard. Admins manage staff, API keys and the catalog; staff work with customers, their plans and balances, and the audit log. Staff are the same in both environments."
        actions={<InviteStaffDialog />}
      />
      <StaffTable members={members} currentUserId={ctx.actor.userId} />
    </>
  );
}
