// The seed's ids must look and sort like the product's (newId: a lower-cased ULID), or the
// benchmark would measure keyset pages over ids the product never makes.
import pg from "pg";
import { decodeTime, isValid } from "ulid";
import { afterAll, describe, expect, it } from "vitest";
import { msSql, ulidSql } from "./catalog";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const connected = client.connect();
afterAll(() => client.end());

describe("ulidSql", () => {
  it("encodes the time as a ULID does, so the seed's ids decode to their creation time and sort by it", async () => {
    await connected;
    const { rows } = await client.query<{ id: string; at: Date }>(
      `select ${ulidSql("s.ms", "s.i::text")} as id, s.at
         from (select i, at, ${msSql("at")} as ms
                 from generate_series(1, 50) as i,
                      lateral (select timestamptz '2024-02-29 12:34:56.789+00' + i * interval '37 hours 13 minutes 7.5 seconds' as at) t
               offset 0) s
        order by s.i`,
    );
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
      expect(isValid(row.id.toUpperCase())).toBe(true);
      expect(decodeTime(row.id.toUpperCase())).toBe(row.at.getTime());
    }
    const ids = rows.map((row) => row.id);
    expect([...ids].sort()).toEqual(ids);
  });
});
