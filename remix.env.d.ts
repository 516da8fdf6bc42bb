/// <reference types="@remix-run/dev" />

import '@remix-run/node'

declare module '@remix-run/server-runtime' {
  interface Future {
    v3_singleFetch: true
  }
  // server/index.ts getLoadContext
  interface AppLoadContext {
    clientAddress?: string
    cspNonce?: string
  }
}
