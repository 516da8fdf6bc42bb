// REMIX_BUILD_DIR: a build of its own elsewhere (tests/support/http-app.ts), so a test's build never empties
// public/build under a server that is serving it (the browser tests may run at the same time).
const dir = process.env.REMIX_BUILD_DIR
const outputs = dir ? { serverBuildPath: `${dir}/index.js`, assetsBuildDirectory: `${dir}/assets`, cacheDirectory: `${dir}/cache` } : {}

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ...outputs,
  ignoredRouteFiles: ['**/.*'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // Server-only modules live in *.server.ts; the domain core is shared with the browser.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
}
