#!/usr/bin/env node
// The web process as plain JavaScript (`npm run build` runs this after Remix's build): server/index.ts and what it
// imports from app/, server/, workers/ and prisma/, bundled by esbuild into build/server/index.js; the packages stay
// in node_modules. `npm start` runs it on plain Node. Under tsx the same process idled about 40 MB higher (tsx's
// loader thread and the transformed sources it keeps; docs/benchmarks.md, session 11), and with 10,000 bidders that
// is a tenth of the memory target (issue 17).
//
// The bundle sits two folders below the repository (build/server/), as app/utils/*.ts do, so paths made from
// import.meta.url (the migrations' folder) lead to the same place. `node scripts/build-server.mjs ENTRY OUTFILE`
// bundles another entry the same way (bench:auction's servers).
import { build } from 'esbuild'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WEB_BUNDLE } from '../server/node-flags.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Bundles one TypeScript entry of this repository into one ES module for plain Node. */
export async function bundleServer(entry, outfile) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Packages are loaded from node_modules as they are; only this repository's TypeScript is bundled.
    packages: 'external',
    // tsconfig's "~/*" → "./app/*" (esbuild would otherwise take "~" for a package under packages: 'external').
    alias: { '~': './app' },
    // Stack traces name the bundle's lines; each module's code keeps a comment naming its source file.
    sourcemap: false,
    logLevel: 'warning',
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry = 'server/index.ts', outfile = WEB_BUNDLE] = process.argv.slice(2)
  await bundleServer(entry, outfile)
}
