-- Bulk import of customers (issue 17, item 1). Hand-written (the migration runner is offline); it matches schema.prisma.

CREATE TABLE "customer_imports" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "file_name" TEXT,
    "total_rows" INTEGER NOT NULL,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "skipped_count" INTEGER NOT NULL DEFAULT 0,
    "created_by_kind" "ActorKind" NOT NULL,
    "created_by_id" TEXT,
    "created_by_label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "undone_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_imports_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "customer_imports_status_check" CHECK ("status" IN ('staged', 'applying', 'applied', 'undone')),
    CONSTRAINT "customer_imports_source_check" CHECK ("source" IN ('dashboard', 'api'))
);
CREATE INDEX "customer_imports_env_created_at_idx" ON "customer_imports"("env", "created_at" DESC);

CREATE TABLE "customer_import_rows" (
    "import_id" TEXT NOT NULL,
    "row_number" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "message" TEXT,
    "customer_id" TEXT,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_import_rows_pkey" PRIMARY KEY ("import_id", "row_number"),
    CONSTRAINT "customer_import_rows_outcome_check" CHECK ("outcome" IN ('create_pending', 'create', 'update', 'skip'))
);
ALTER TABLE "customer_import_rows" ADD CONSTRAINT "customer_import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "customer_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The customers an import created (undo deletes exactly these).
ALTER TABLE "customers" ADD COLUMN "import_id" TEXT;
ALTER TABLE "customers" ADD CONSTRAINT "customers_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "customer_imports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Not expressible in schema.prisma: only imported customers are indexed.
CREATE INDEX "customers_import_id_idx" ON "customers"("import_id") WHERE "import_id" IS NOT NULL;
