"use client";

import { useState } from "react";
import { Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { CustomerDetailView } from "./customer-detail-types";
import { EditCustomerDialog } from "./edit-customer-dialog";

export function EditCustomerButton({ customer }: { customer: CustomerDetailView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outline" onClick={() => setOpen(true)}>
        <Pencil aria-hidden="true" />
        Edit
      </Button>
      <EditCustomerDialog customer={customer} open={open} onOpenChange={setOpen} />
    </>
  );
}
