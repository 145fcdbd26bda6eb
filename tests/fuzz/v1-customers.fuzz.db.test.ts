// Fuzzing of the /v1 customers routes (RPC and REST), in process: see route-fuzz.ts.
import { vi } from "vitest";
import { fuzzRoutes, isCustomersRoute } from "./route-fuzz";

vi.hoisted(() => {
  // The per-key quota is tested on its own (lib/rate-limit); here it would only get in the way.
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
});

fuzzRoutes("v1-customers-in-process", isCustomersRoute);
