import { defineConfig } from 'prisma/config'

// Only `prisma generate` uses this file: migrations run through the WASM
// schema engine (scripts/db.ts), because the native engine cannot be
// downloaded on our machines.
export default defineConfig({
  schema: 'prisma/schema.prisma',
})
