-- Performance, from the figures of `npm run bench` at a million customers (see "Performance" in
-- README.md). Hand-written: trigram indexes cannot be expressed in schema.prisma.

-- The audit log's customer filter, and so the customer page's activity, find customers by a part
-- of their email (email_normalized LIKE '%…%', next to the id and external id). Without an index
-- that was a sequential scan of every customer: ~300 ms at a million, on every customer page.
CREATE INDEX "customers_email_normalized_trgm_idx" ON "customers" USING gin ("email_normalized" gin_trgm_ops);
