-- The address invoices go to, when it is not the customer's own email (issue 18): invoices.reissue's
-- update_customer_email sets it. It was written on the Stripe customer only, so the next sync of the
-- customer (a name or email edit, a claim) put the customer's own email back on Stripe. The
-- customer's email stays what sign-in matches a pre-created customer by; this one is billing's.
ALTER TABLE "customers" ADD COLUMN "billing_email" TEXT;
