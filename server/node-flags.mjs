// Node's own flags for the web process, in one place: scripts/start.mjs starts it with them, and whatever starts
// or measures a web process (tests/support/server-process.ts, bench/auction-children.ts, bench/auction-idle.ts)
// uses the same list, so what is measured is what runs.
//
// --max-semi-space-size=16: V8 on a large machine lets the young generation grow to two semi-spaces of 64 MB, and
// a socket process that allocates steadily (10,000 bidders, broadcasts) keeps all 128 MB touched. 16 MB each is
// V8's long-standing default for 64-bit: with 3,000 bidders at 100 bids/s the process peaked at 309 MB instead
// of 386 (joined 261 instead of 343, after a GC), ack p50 / p99 6.2 / 22.8 ms against 6.2 / 22.3, more scavenges
// (34 instead of 8 in 25 s, 208 ms in all) (issue 17, docs/benchmarks.md).
//
// --heap-growing-percent=30: after each mark-compact V8 lets the old generation grow to a factor of the live heap
// that it chooses anew each time, between ≈ 1.1 and ≈ 1.7 for this process. With 10,000 bidders (live ≈ 167 MB) the
// high end took the RSS to 417–463 MB (sessions 11–13) and the low end gave a mark-compact every few seconds. Fixed
// at 1.3, eight runs of 60 s peaked at 358–365 MB with one mark-compact a minute, ack p99 22.0–46.9 ms, now that the
// old generation grows ≈ 1 MB/s (decision 010, session 13; docs/benchmarks.md).
export const WEB_NODE_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=30']

// The web process as `npm run build` makes it (scripts/build-server.mjs) and everything that starts one runs it.
export const WEB_BUNDLE = 'build/server/index.js'
