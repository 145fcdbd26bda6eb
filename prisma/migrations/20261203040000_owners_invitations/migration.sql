-- Owners, claim alerts and invitations (issue 17, items 2, 3 and 5).
-- Hand-written (the migration runner is offline); it matches schema.prisma.

-- Each customer has an owner: the staff member who follows it up (its creator by default).
ALTER TABLE "customers" ADD COLUMN "owner_id" TEXT;
-- How a pending customer was matched when it was claimed: email_at_sign_in, invitation or api.
ALTER TABLE "customers" ADD COLUMN "claim_matched_by" TEXT;
ALTER TABLE "customers" ADD CONSTRAINT "customers_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "customers_env_owner_id_idx" ON "customers"("env", "owner_id");
CREATE INDEX "customers_env_claimed_at_idx" ON "customers"("env", "claimed_at" DESC);
-- Not expressible in schema.prisma: the Pending view lists the customers without an id, newest first.
CREATE INDEX "customers_pending_created_at_idx" ON "customers"("env", "created_at" DESC, "id" DESC) WHERE "external_id" IS NULL;

-- Backfill: the staff member whose "customer.created" event the audit log holds, else the
-- staff creator recorded on the row; only while that user still exists.
UPDATE "customers" c
SET "owner_id" = src.user_id
FROM (
    SELECT c2."id" AS customer_id,
           COALESCE(
               (SELECT a."actor_id" FROM "audit_events" a
                 WHERE a."customer_id" = c2."id" AND a."action" = 'customer.created' AND a."actor_kind" = 'staff'
                   AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = a."actor_id")
                 ORDER BY a."created_at" LIMIT 1),
               (SELECT u."id" FROM "users" u WHERE c2."created_by_kind" = 'staff' AND u."id" = c2."created_by_id")
           ) AS user_id
    FROM "customers" c2
) src
WHERE c."id" = src.customer_id AND src.user_id IS NOT NULL;

-- A claim already recorded is told apart by who claimed it: a portal user at sign-in, else the API.
UPDATE "customers" SET "claim_matched_by" = CASE WHEN "claimed_by_kind" = 'end_customer' THEN 'email_at_sign_in' ELSE 'api' END
WHERE "claimed_at" IS NOT NULL;

-- One-time invitation links to claim a pending customer; only a SHA-256 of the token is kept.
CREATE TABLE "customer_invitations" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "sent_to" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_kind" "ActorKind" NOT NULL,
    "created_by_id" TEXT,
    "created_by_label" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_label" TEXT,
    "used_at" TIMESTAMPTZ(3),
    "used_by_user_id" TEXT,

    CONSTRAINT "customer_invitations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "customer_invitations_token_hash_key" ON "customer_invitations"("token_hash");
CREATE INDEX "customer_invitations_customer_id_created_at_idx" ON "customer_invitations"("customer_id", "created_at" DESC);
CREATE INDEX "customer_invitations_env_created_at_idx" ON "customer_invitations"("env", "created_at" DESC);
ALTER TABLE "customer_invitations" ADD CONSTRAINT "customer_invitations_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
