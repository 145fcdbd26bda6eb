-- Outbound webhooks (issue 17, item 6): endpoints per environment and their delivery log.
-- Hand-written (the migration runner is offline); it matches schema.prisma.

CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

CREATE TABLE "webhook_endpoints" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "secret" TEXT NOT NULL,
    "event_types" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_endpoints_env_created_at_idx" ON "webhook_endpoints"("env", "created_at");

CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "first_attempt_at" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "response_status" INTEGER,
    "response_body" TEXT,
    "duration_ms" INTEGER,
    "last_error" TEXT,
    "resend_of_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "webhook_deliveries_env_endpoint_id_created_at_id_idx" ON "webhook_deliveries"("env", "endpoint_id", "created_at" DESC, "id" DESC);
-- Not expressible in schema.prisma: an event fans out to an endpoint once (a fan-out job that runs
-- again after a crash inserts nothing new); resends are further rows of the same event.
CREATE UNIQUE INDEX "webhook_deliveries_endpoint_id_event_id_first_key" ON "webhook_deliveries"("endpoint_id", "event_id") WHERE "resend_of_id" IS NULL;
