-- Contract terms (issue 18): when the current term of a billed plan began. A renewal starts the
-- next term of the same length at the old end date, so the term's length is ends_at minus this;
-- until billing starts it is also when billing is to start (a plan waiting for its first payment
-- is kept scheduled until paid, see lib/billing/lifecycle/awaiting-payment.ts). NULL: starts_at.
-- Hand-written (the migration runner is offline); it matches schema.prisma.
ALTER TABLE "customer_plans" ADD COLUMN "term_starts_at" TIMESTAMPTZ(3);
