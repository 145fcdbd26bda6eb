// Fuzzing of every other /v1 route (check, track, attach, billing), in process: see route-fuzz.ts.
import { vi } from "vitest";
import { fuzzRoutes, isCustomersRoute } from "./route-fuzz";

vi.hoisted(() => {
  // The per-key quota is tested on its own (lib/rate-limit); here it would only get in the way.
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
});

fuzzRoutes("v1-balances-billing-in-process", (route) => !isCustomersRoute(route));
