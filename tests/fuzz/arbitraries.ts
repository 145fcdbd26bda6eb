// Generated /v1 requests: bodies, headers, paths and query strings built to break a naive server.
// Wrong types, huge strings, deep nesting, Unicode edge cases, prototype-pollution keys, SQL and
// script fragments, numbers at the limits, missing and extra fields, malformed JSON. Mixed with
// plausible values (ids that exist, features and plans that exist) so that a good share of the
// requests get past validation and exercise the domain code and the database.
import fc from "fast-check";
import { fillTemplate, type HttpMethod, type V1Route } from "./v1-route-catalog";

/** What exists in the database for the generated requests to hit. */
export type FuzzWorld = {
  /** Customers the requests may read and change (recreated between properties when needed). */
  customerIds: string[];
  /** Customers that delete routes may remove. */
  deletableCustomerIds: string[];
  /** Ids that exist only in the other environment: must always be "not found" here. */
  otherEnvCustomerIds: string[];
  featureIds: string[];
  eventNames: string[];
  planIds: string[];
  emails: string[];
};

export type FuzzRequest = {
  method: HttpMethod;
  path: string;
  /** The dynamic segments, decoded (what Next.js hands the handler). */
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  /** Raw bytes or text, exactly as sent; undefined for no body. */
  body: string | Uint8Array | undefined;
  /** Which credential the request carries (the caller turns it into a header). */
  auth: "valid" | "revoked" | "none" | "garbage";
  authHeader?: string;
};

// ---------------------------------------------------------------------------------------------
// Values

export const NASTY_STRINGS = [
  "", " ", "\t", "\n", "\r\n", "\u0000", "a\u0000b", "\u0001\u001f", "\u007f",
  "\ud800", "\udfff", "a\udc00b", "\ufeff", "\ufeffuser_1", "\u202eevil", "\u200b", "\u2028\u2029", "\u0085",
  "ｆｕｌｌｗｉｄｔｈ", "ﬁ", "e\u0301", "Ω", "İ", "ß", "😀", "👨‍👩‍👧‍👦", "\u{10FFFF}", "\uFFFF", "\uFFFD",
  "' OR '1'='1", "'; DROP TABLE customers; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)", "%", "_", "%_%", "\\", "\\'", "$1", "E'\\x00'",
  "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "${7*7}", "{{7*7}}", "#{7*7}",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
  "null", "undefined", "NaN", "Infinity", "-1", "0", "1e309", "true", "[]", "{}", "0x10",
  "cus_", "cus_00000000000000000000000000", "am_sk_test_", "../../etc/passwd", "..", ".", "/", "%2e%2e%2f", "%00",
  "a@b", "@", "user@example.com", "USER@EXAMPLE.COM", " user@example.com ", "a b", "a.b", "a:b", "a-b_c", "-", ":",
  "x".repeat(255), "x".repeat(256), "é".repeat(300),
];

const NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 1e-7, 5e-324, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53),
  1e21, 1e100, 1e308, -1e308, Number.MAX_VALUE, 0.1 + 0.2, 999999999.999,
];

/** Number tokens JSON.stringify cannot produce: they are spliced into raw bodies. */
export const RAW_NUMBER_TOKENS = ["1e400", "-1e400", `1${"0".repeat(400)}`, "0.0000000000000000000000000000001", "-0.0", "1E+2", "9007199254740993"];

export const FIELD_NAMES = [
  "customer_id", "id", "new_customer_id", "name", "email", "fingerprint", "metadata", "stripe_id", "create_in_stripe",
  "send_email_receipts", "feature_id", "event_name", "value", "required_balance", "send_event", "idempotency_key",
  "plan_id", "success_url", "redirect_mode", "return_url", "limit", "offset", "start_cursor", "search", "plans",
  "delete_in_stripe", "entity_id", "properties", "with_preview", "expand", "quantity",
];

const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const anyString = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_:-]{1,30}$/) },
);
const hugeString = fc.tuple(fc.constantFrom("x", "é", "😀", "'", "\u0000", "a "), fc.integer({ min: 1_000, max: 200_000 })).map(([c, n]) => c.repeat(n));
const anyNumber = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 2, arbitrary: anyString },
);

/** Any JSON value, nested a few levels, with hostile keys and leaves. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyString,
    anyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** An object nested `depth` levels deep, as raw JSON (built as text: no recursion to overflow). */
export const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("object", "array", "proto"))
  .map(([depth, kind]) => {
    if (kind === "array") return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
    const k = kind === "proto" ? "__proto__" : "a";
    return `${`{"${k}":`.repeat(depth)}1${"}".repeat(depth)}`;
  });

// ---------------------------------------------------------------------------------------------
// Bodies

function customerPool(world: FuzzWorld, deleting: boolean): string[] {
  // Deletes get their own customers, so that the ones with plans and balances live on for check and track.
  return [...(deleting ? world.deletableCustomerIds : world.customerIds), ...world.otherEnvCustomerIds, "no_such_customer"];
}

function plausibleValues(world: FuzzWorld, deleting: boolean): Record<string, fc.Arbitrary<unknown>> {
  const customer = fc.constantFrom(...customerPool(world, deleting));
  return {
    customer_id: fc.oneof({ weight: 6, arbitrary: customer }, { weight: 1, arbitrary: fc.constant(null) }),
    id: customer,
    new_customer_id: fc.oneof(fc.constantFrom(...world.customerIds), fc.stringMatching(/^fz_new_[a-z0-9]{6}$/)),
    name: fc.oneof(anyString, fc.constant(null)),
    email: fc.oneof(fc.constantFrom(...world.emails), fc.emailAddress(), fc.constant(null), fc.constant("")),
    fingerprint: anyString,
    metadata: fc.oneof(fc.dictionary(key, jsonValue, { maxKeys: 6 }), fc.constant(null)),
    stripe_id: fc.oneof(fc.constant("cus_NoSuchStripeCustomer1"), fc.constant(null)),
    create_in_stripe: fc.boolean(),
    send_email_receipts: fc.boolean(),
    feature_id: fc.constantFrom(...world.featureIds, "no_such_feature"),
    event_name: fc.constantFrom(...world.eventNames, "no_such_event"),
    value: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(0.5, 1e-9, 1e9)),
    required_balance: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(1e12)),
    send_event: fc.boolean(),
    idempotency_key: fc.stringMatching(/^fz_[a-z0-9]{3}$/), // few distinct keys: replays and conflicts happen
    plan_id: fc.constantFrom(...world.planIds, "no_such_plan"),
    success_url: fc.constantFrom("https://example.com/ok", "javascript:alert(1)", "not a url", ""),
    return_url: fc.constantFrom("https://example.com/back", "//evil.example", "not a url"),
    redirect_mode: fc.constantFrom("if_required", "always", "never"),
    // Mostly small pages (a 1000-customer page is slow to build and proves nothing more), plus the edges.
    limit: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1000, 1001, 2 ** 31) }),
    offset: fc.integer({ min: -2, max: 100 }),
    start_cursor: fc.oneof(fc.constant(""), anyString),
    search: anyString,
    plans: fc.array(fc.record({ id: fc.constantFrom(...world.planIds, "x") }), { maxLength: 3 }),
    delete_in_stripe: fc.boolean(),
  };
}

/** A body that is mostly right for the route, with some fields replaced by hostile values or dropped. */
function plausibleBody(world: FuzzWorld, fields: string[], deleting: boolean): fc.Arbitrary<Record<string, unknown>> {
  const values = plausibleValues(world, deleting);
  const model = Object.fromEntries(fields.map((f) => [f, values[f] ?? jsonValue]));
  // Half the bodies carry the route's main fields (so they reach the domain), half may lack any.
  const base = fc.oneof(fc.record(model, { requiredKeys: fields.slice(0, 2) }), fc.record(model, { requiredKeys: [] }));
  const mutation = fc.array(fc.tuple(key, fc.oneof(jsonValue, anyString, anyNumber)), { maxLength: 3 });
  return fc.tuple(base, mutation).map(([body, extra]) => {
    const out: Record<string, unknown> = { ...body };
    for (const [k, v] of extra) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/** Raw bodies that are not a well-formed JSON object. */
const RAW_BODIES = [
  "", " ", "{", "}", "{\"customer_id\":", "[", "null", "true", "1", "\"customer_id\"", "[1,2]", "[{}]",
  "{\"a\":1}}", "{'customer_id':'a'}", "{customer_id: \"a\"}", "{\"customer_id\":\"a\",}", "\u0000", "\ufeff{\"customer_id\":\"a\"}",
  "{\"customer_id\":NaN}", "{\"customer_id\":undefined}", "{\"customer_id\":\"\\ud800\"}", "{\"customer_id\":\"\\u0000\"}",
  "{\"customer_id\":\"a\",\"customer_id\":\"b\"}", "{\"__proto__\":{\"polluted\":true},\"customer_id\":\"a\"}",
  "{\"constructor\":{\"prototype\":{\"polluted\":true}}}", "customer_id=a&feature_id=b", "<xml/>", "--boundary\r\n",
];

export function bodyArbitrary(world: FuzzWorld, fields: string[], deleting = false): fc.Arbitrary<string | Uint8Array> {
  const plausible = plausibleBody(world, fields, deleting).map((b) => JSON.stringify(b));
  const random = fc.dictionary(key, jsonValue, { maxKeys: 8 }).map((b) => JSON.stringify(b));
  const withHuge = fc.tuple(plausibleBody(world, fields, deleting), fc.constantFrom(...fields, "name", "metadata"), hugeString).map(([b, f, s]) => JSON.stringify({ ...b, [f]: s }));
  const withDeep = fc.tuple(plausibleBody(world, fields, deleting), fc.constantFrom(...fields, "metadata"), deepJson).map(([b, f, deep]) => {
    const text = JSON.stringify({ ...b, [f]: "__DEEP__" });
    return text.replace("\"__DEEP__\"", deep);
  });
  const withRawNumber = fc.tuple(plausibleBody(world, fields, deleting), fc.constantFrom("value", "required_balance", "limit", "offset", ...fields), fc.constantFrom(...RAW_NUMBER_TOKENS)).map(([b, f, n]) => {
    const text = JSON.stringify({ ...b, [f]: "__NUM__" });
    return text.replace("\"__NUM__\"", n);
  });
  const raw = fc.constantFrom(...RAW_BODIES);
  const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...bytes, 0xff, 0xfe, 0x22, 0x7d]));
  const oversize = fc.integer({ min: 1_048_577, max: 1_200_000 }).map((n) => JSON.stringify({ customer_id: "a", name: "x".repeat(n) }));
  return fc.oneof(
    { weight: 10, arbitrary: plausible },
    { weight: 3, arbitrary: random },
    { weight: 2, arbitrary: withHuge },
    { weight: 2, arbitrary: withDeep },
    { weight: 2, arbitrary: withRawNumber },
    { weight: 2, arbitrary: raw },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: oversize },
  );
}

// ---------------------------------------------------------------------------------------------
// Headers, paths, queries

/** Header values as fetch's Headers accepts them (Latin-1, no NUL/CR/LF), hostile within that. */
const headerValue = fc.oneof(
  fc.constantFrom("", " ", "x".repeat(300), "' OR 1=1 --", "<script>", "ÿ", "\t", "null", "__proto__"),
  fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => s.replace(/[\u0000\r\n]/g, "")),
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "application/vnd.api+json") },
  { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "", "application/jsonx", "*/*") },
);

const query = fc.array(
  fc.oneof(
    fc.constantFrom("limit=abc", "limit=-1", "limit=0", "limit=5", "limit=1001", "limit=1e309", "limit=1.5", "limit=", "limit[]=1", "limit=1&limit=2",
      "offset=-5", "offset=99999999999999999999", "offset=abc", "search=%00", "search=%25", "search=%27%20OR%201%3D1", "customer_id=x", "__proto__[polluted]=1", "id=other"),
    fc.tuple(fc.constantFrom(...FIELD_NAMES), anyString).map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ""))}`),
  ),
  { maxLength: 3 },
).map((parts) => parts.join("&"));

export function requestArbitrary(world: FuzzWorld, route: V1Route, fields: string[]): fc.Arbitrary<FuzzRequest> {
  // One arbitrary per method, built once (building arbitraries is far slower than drawing from them).
  return fc.oneof(...route.methods.map((method) => requestFor(world, route, fields, method)));
}

function requestFor(world: FuzzWorld, route: V1Route, fields: string[], method: HttpMethod): fc.Arbitrary<FuzzRequest> {
  const deleting = method === "DELETE" || fields.includes("delete_in_stripe");
  const customerParam = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...customerPool(world, deleting)) },
    { weight: 3, arbitrary: anyString.filter((s) => s.length > 0 && !/[\ud800-\udfff]/.test(s)) },
  );
  const params = fc.record(Object.fromEntries(route.params.map((p) => [p, customerParam])) as Record<string, fc.Arbitrary<string>>);
  const auth = fc.oneof(
    { weight: 12, arbitrary: fc.constant({ auth: "valid" as const }) },
    { weight: 1, arbitrary: fc.constant({ auth: "revoked" as const }) },
    { weight: 1, arbitrary: fc.constant({ auth: "none" as const }) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(headerValue, fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", `Bearer am_sk_test_${"A".repeat(42)}`, `Bearer am_sk_live_${"a".repeat(41)}`, "Bearer am_sk_test_' OR 1=1 --"))
        .map((authHeader) => ({ auth: "garbage" as const, authHeader })),
    },
  );
  const extraHeaders = fc.record(
    {
      "content-type": contentType,
      "idempotency-key": fc.oneof(fc.stringMatching(/^fz-idem-[a-z0-9]{2}$/), headerValue),
      "x-request-id": headerValue,
      "x-api-version": fc.constantFrom("2.4.0", "1.0", "", "99"),
    },
    { requiredKeys: [] },
  );
  return fc
    .record({
      params,
      query: fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 2, arbitrary: query }),
      headers: extraHeaders,
      body: fc.option(bodyArbitrary(world, fields, deleting), { nil: undefined, freq: 12 }),
      auth,
    })
    .map(({ params: p, query: q, headers, body, auth: a }) => ({
      method,
      path: fillTemplate(route.template, p),
      params: p,
      query: q,
      headers: { ...headers },
      body: method === "GET" ? undefined : body,
      ...a,
    }));
}

/** The fields a route's schema is most likely to look at (the rest come from mutations). */
export function fieldsFor(template: string): string[] {
  if (/check/.test(template)) return ["customer_id", "feature_id", "required_balance", "send_event"];
  if (/track/.test(template)) return ["customer_id", "feature_id", "event_name", "value", "idempotency_key"];
  if (/attach/.test(template)) return ["customer_id", "plan_id", "success_url", "redirect_mode"];
  if (/open_customer_portal/.test(template)) return ["customer_id", "return_url"];
  if (/setup_payment/.test(template)) return ["customer_id", "success_url"];
  if (/customers\.list|^\/v1\/customers$/.test(template)) return ["start_cursor", "limit", "offset", "search", "plans", "customer_id", "id", "email", "name", "metadata"];
  if (/delete/.test(template)) return ["customer_id", "delete_in_stripe"];
  if (/update|\[id\]/.test(template)) return ["customer_id", "new_customer_id", "name", "email", "fingerprint", "metadata", "stripe_id", "send_email_receipts"];
  return ["customer_id", "id", "name", "email", "fingerprint", "metadata", "stripe_id", "create_in_stripe", "send_email_receipts"];
}
