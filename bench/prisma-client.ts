// The generated Prisma client (app/generated/prisma, not in git) for the benchmark scripts run straight with tsx
// (`npm run bench:*` generates it first): a fresh clone has none, so it is generated before the app is imported.
// A script calls this, then imports the app's modules dynamically (a static import would fail before any code runs).
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function ensurePrismaClient(): void {
  const root = join(import.meta.dirname, '..')
  if (existsSync(join(root, 'app/generated/prisma/client.ts'))) return
  console.log('bench: generating the Prisma client (app/generated is missing)')
  execSync('npm run -s db:generate', { cwd: root, stdio: 'inherit' })
}
