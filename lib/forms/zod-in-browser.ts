// Tells zod, in the browser, not to JIT-compile. zod decides when it builds an object schema
// (z.object) whether it may compile parsers with `new Function`, and probes for that once; under
// the pages' Content-Security-Policy (no 'unsafe-eval', see lib/security/content-security-policy.ts)
// the probe is refused and caught, but the browser still reports a violation. Parsing is the same,
// only not compiled.
//
// So this must run before the first z.object is built: every module that builds one and can reach
// the browser imports this module first (lib/*/schemas.ts and friends, and lib/forms/zod-resolver.ts
// for the forms); lib/forms/zod-in-browser.test.ts checks that none is missed. Not in
// instrumentation-client.ts, which put zod (about 5 KB compressed) into every page, forms or not.
// Not on the server, where route handlers share zod and compile freely.
import { config } from "zod";

if (typeof window !== "undefined") config({ jitless: true });
