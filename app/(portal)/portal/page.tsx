import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { portalCtxFor } from "@/lib/portal/portal-ctx";
import { visitPortal } from "@/lib/portal/get-portal-account";
import { readInvitationCookie } from "@/lib/portal/invitation-cookie";
import { BILLING_NOT_CONNECTED, PAYMENT_METHOD_ADDED_PARAM, portalBillingAvailable } from "@/lib/portal/portal-billing";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { PlanList } from "@/components/portal/plan-list";
import { BalanceList } from "@/components/portal/balance-list";
import { BillingActions } from "@/components/portal/billing-actions";
import { InvoiceList } from "@/components/portal/invoice-list";
import { addPaymentMethodAction, manageBillingAction } from "@/lib/portal/actions";
import { cancelPlanAction, changePlanAction, keepPlanAction, payPlanAction, previewPlanChangeAction } from "@/lib/portal/plan-actions";
import { listPortalPlanSwitches } from "@/lib/portal/portal-plan-change";
import { PLAN_PAID_PARAM } from "@/lib/portal/portal-plan-billing";

export const metadata: Metadata = { title: "Overview" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The signed-in end customer's account. Nothing in the URL selects a customer: it is the session
 * user's. The visit first completes the sign-in hook's work if that failed (same idempotent step).
 */
export default async function PortalPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await getSessionUser();
  if (!user) redirect("/portal/sign-in");
  const ctx = portalCtxFor(user);
  if (!ctx) {
    return (
      <>
        <PageHeader title="Customer portal" description={`You are signed in as ${user.email}, a staff account.`} />
        <Alert variant="info" title="Staff accounts have no customer account">
          This page is where your customers see their plans, usage and billing. Work with customers in the dashboard.
        </Alert>
        <Button asChild className="mt-4">
          <Link href="/customers">Open the dashboard</Link>
        </Button>
      </>
    );
  }

  const [{ account, setupFailed }, params] = await Promise.all([visitPortal(ctx, { name: user.name, invitationToken: await readInvitationCookie() }), searchParams]);
  // After the visit (which may have just created the customer): what each plan may switch to.
  const changeOptions = account ? await listPortalPlanSwitches(ctx) : {};
  const paymentMethodAdded = params[PAYMENT_METHOD_ADDED_PARAM] === "added";
  const planPaid = params[PLAN_PAID_PARAM] === "1";

  return (
    <>
      <PageHeader title={account?.customer.name ?? "Your account"} description={`Signed in as ${user.email}`} />
      <div className="grid gap-5">
        {paymentMethodAdded ? (
          <Alert variant="success" title="Payment method saved">
            Stripe has your new payment method. It can take a moment to show in Manage billing.
          </Alert>
        ) : null}
        {planPaid ? (
          <Alert variant="success" title="Thank you for your payment">
            Stripe has your payment. Your plan shows as paid once Stripe confirms it, usually within a few seconds: reload this page to see it.
          </Alert>
        ) : null}
        {!account ? (
          <Alert variant="warning" title="We are still setting up your account">
            {setupFailed ? "Something went wrong while preparing your account. " : ""}Reload this page in a moment to see your plans and usage.
          </Alert>
        ) : (
          <>
            <PlanList
              plans={account.plans}
              selfServeCancel={account.selfServeCancel}
              changeOptions={changeOptions}
              actions={{ pay: payPlanAction, cancel: cancelPlanAction, keep: keepPlanAction, previewChange: previewPlanChangeAction, change: changePlanAction }}
            />
            <BalanceList balances={account.balances} features={account.features} />
            {account.invoices.length > 0 || account.plans.some((plan) => plan.billing?.mode === "invoice") ? <InvoiceList invoices={account.invoices} /> : null}
          </>
        )}
        <BillingActions
          available={portalBillingAvailable(ctx)}
          unavailableMessage={BILLING_NOT_CONNECTED}
          manageBilling={manageBillingAction}
          addPaymentMethod={addPaymentMethodAction}
        />
      </div>
    </>
  );
}
