"use server";
// The sales follow-up's mutations (owner, invitations): thin adapters onto lib/customers
// (customer-owner.ts, invitations.ts) through staffAction.
import { staffAction } from "@/lib/auth/staff-action";
import { changeCustomerOwner } from "@/lib/customers/customer-owner";
import { createCustomerInvitation, revokeCustomerInvitation } from "@/lib/customers/invitations";
import type { ChangeOwnerInput, CreateInvitationInput, RevokeInvitationInput } from "@/lib/customers/follow-up-schemas";

const followUpPaths = (customerId: string) => [`/customers/${customerId}`, "/customers/pending"];

export async function changeOwnerAction(input: ChangeOwnerInput) {
  return staffAction(
    async (ctx) => {
      const customer = await changeCustomerOwner(ctx, input);
      return { ownerId: customer.ownerId };
    },
    { revalidate: followUpPaths(input.customer_id) },
  );
}

/** The link comes back once (to copy); it is never shown again. */
export async function createInvitationAction(input: CreateInvitationInput) {
  return staffAction((ctx) => createCustomerInvitation(ctx, input), { revalidate: followUpPaths(input.customer_id) });
}

export async function revokeInvitationAction(input: RevokeInvitationInput & { customer_id: string }) {
  return staffAction((ctx) => revokeCustomerInvitation(ctx, { invitation_id: input.invitation_id }), { revalidate: followUpPaths(input.customer_id) });
}
