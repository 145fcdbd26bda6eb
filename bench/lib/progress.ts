// Progress lines while the benchmark runs: elapsed time, the part, what it is doing.
const started = Date.now();

export type Log = (line: string) => void;

export function progress(part: string): Log {
  return (line: string) => {
    const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
    process.stderr.write(`[${elapsed}s] ${part.padEnd(6)} ${line}\n`);
  };
}

export const elapsedSeconds = () => (Date.now() - started) / 1000;
