"use client";

import { useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Merge } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { CustomerDetailView } from "./customer-detail-types";
import { MergeCustomerDialog } from "./merge-customer-dialog";

/** "Merge into…": when this customer turns out to be another one (a pending customer who signed up with another email). */
export function MergeCustomerCard({ customer }: { customer: CustomerDetailView }) {
  // `?merge=<internal id>` (the duplicate-email warning's link) opens the dialog with that survivor picked.
  const preselected = useSearchParams().get("merge");
  return <MergeCard key={preselected ?? ""} customer={customer} preselected={preselected} />;
}

function MergeCard({ customer, preselected }: { customer: CustomerDetailView; preselected: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(preselected !== null);
  const [opening, setOpening] = useState(0);

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) setOpening((n) => n + 1);
    if (!next && preselected !== null) router.replace(pathname, { scroll: false });
  }

  return (
    <Card>
      <CardHeader className="pb-4">
        <CardTitle>Merge into another customer</CardTitle>
        <CardDescription>
          When this is the same person or company as another customer: everything moves there, and this customer&apos;s id keeps answering as
          that one.
        </CardDescription>
        <CardAction>
          <Button variant="outline" onClick={() => onOpenChange(true)}>
            <Merge aria-hidden="true" />
            Merge into…
          </Button>
        </CardAction>
      </CardHeader>
      <MergeCustomerDialog key={opening} customer={customer} open={open} onOpenChange={onOpenChange} initialSurvivorId={preselected} />
    </Card>
  );
}
