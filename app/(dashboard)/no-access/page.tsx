import type { Metadata } from "next";
import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "No access" };

/**
 * Where a staff member lands when a page is for admins only. (Signed-in users without any staff
 * role never get this far: the dashboard layout shows them its own "no access" screen.)
 */
export default async function NoAccessPage() {
  await requireStaffPage();
  return (
    <>
      <PageHeader title="No access" />
      <Card>
        <EmptyState
          icon={ShieldAlert}
          headingLevel="h2"
          title="This page is for admins"
          description="Staff, API keys and catalog changes are managed by admins. If you need access, ask an admin: they can change your role on the Staff page."
          action={
            <Button asChild>
              <Link href="/customers">Go to customers</Link>
            </Button>
          }
        />
      </Card>
    </>
  );
}
