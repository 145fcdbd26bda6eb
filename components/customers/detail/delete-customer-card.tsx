"use client";

import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { queryKeys } from "@/lib/query-keys";
import { deleteCustomerAction } from "@/lib/customers/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/toaster";
import type { CustomerDetailView } from "./customer-detail-types";

/** Deleting is final (plans, balances and usage go with it): the staff member types the customer's id to confirm. */
export function DeleteCustomerCard({ customer }: { customer: CustomerDetailView }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirmText = customer.id ?? customer.email ?? customer.internalId;

  async function remove() {
    const result = await deleteCustomerAction({ customer_id: customer.internalId });
    if (!result.ok) {
      toastActionError(result.error, "Could not delete the customer");
      return false;
    }
    queryClient.removeQueries({ queryKey: queryKeys.customers.detail(customer.env, customer.internalId) });
    await queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(customer.env) });
    toast.success("Customer deleted", { description: confirmText });
    router.push("/customers");
  }

  return (
    <Card className="border-destructive-border/70">
      <CardHeader className="pb-4">
        <CardTitle>Delete customer</CardTitle>
        <CardDescription>Removes the customer with its plans, balances and usage. The activity log keeps a record.</CardDescription>
        <CardAction>
          <ConfirmDialog
            trigger={
              <Button variant="outline" className="text-destructive-ink hover:bg-destructive-soft">
                <Trash2 aria-hidden="true" />
                Delete…
              </Button>
            }
            title="Delete this customer?"
            description="Its plans, balances and usage are deleted too, and API calls for it will answer customer_not_found. This cannot be undone."
            confirmText={confirmText}
            confirmLabel="Delete customer"
            onConfirm={remove}
          />
        </CardAction>
      </CardHeader>
    </Card>
  );
}
