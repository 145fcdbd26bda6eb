// Nothing to register. The file exists because Turbopack, finding no instrumentation file in this
// project, takes the one at its root (the repository's: Equinox's own), which cannot build here
// (vercel/next.js#95287: convention files are discovered from the workspace root too).
export function register(): void {}
