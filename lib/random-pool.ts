// Cryptographically secure random numbers drawn from a pooled buffer: one system call per few
// thousand draws instead of one per draw. The ULID generator asks for a random number per
// character (16 per id), and every /v1 request makes a request id; drawn one at a time that was
// a measurable share of a `check`'s CPU (`npm run bench:handlers` profile).
import { randomFillSync } from "node:crypto";

const POOL_WORDS = 1024;
const pool = new Uint32Array(POOL_WORDS);
let next = POOL_WORDS;

function word(): number {
  if (next === POOL_WORDS) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}

/** A uniformly distributed number in [0, 1), as Math.random gives, from the pool. */
export function secureRandom(): number {
  return word() / 2 ** 32;
}

/** `count` random bytes as lowercase hex (count a multiple of 4). */
export function randomHex(count: number): string {
  let out = "";
  for (let i = 0; i < count / 4; i++) out += word().toString(16).padStart(8, "0");
  return out;
}
