import Link from "next/link";
import { UserX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function CustomerNotFound() {
  return (
    <>
      <PageHeader back={{ href: "/customers", label: "Customers" }} title="Customer not found" />
      <div className="rounded-lg border border-border">
        <EmptyState
          icon={UserX}
          headingLevel="h2"
          title="No customer with this id"
          description="It may have been deleted, or it belongs to the other environment: check the environment switch in the sidebar."
          action={
            <Button asChild>
              <Link href="/customers">Back to customers</Link>
            </Button>
          }
        />
      </div>
    </>
  );
}
