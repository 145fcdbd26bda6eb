-- Customer merge (issue 17): the ids of a customer merged into another keep resolving to the
-- survivor. Hand-written (the migration runner is offline); it matches schema.prisma.

CREATE TABLE "customer_aliases" (
    "env" "Env" NOT NULL,
    "alias_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "merged_customer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_aliases_pkey" PRIMARY KEY ("env", "alias_id")
);
ALTER TABLE "customer_aliases" ADD CONSTRAINT "customer_aliases_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "customer_aliases_customer_id_idx" ON "customer_aliases"("customer_id");
