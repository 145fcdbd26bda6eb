// Runs in every test worker before the tests: point the app's environment at the run's database.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";

// Connects the areas as the server does at start-up (instrumentation.ts): billing's outbox
// subscribers and its Stripe port for the customers area. After the environment above is set.
await import("@/lib/composition/wire-areas");
