// The database CLI, in place of `prisma migrate` (whose native engine cannot
// be downloaded here; see app/utils/migrations.server.ts):
//   tsx scripts/db.ts migrate      apply the migrations not yet applied
//   tsx scripts/db.ts new NAME     write prisma/migrations/<timestamp>_NAME/migration.sql from schema.prisma
//   tsx scripts/db.ts reset        drop everything and apply every migration
//   tsx scripts/db.ts drift        print the SQL schema.prisma still needs (exit 1 if any)
//   tsx scripts/db.ts seed         apply the migrations, then the demo (prisma/seed.ts; safe to run twice)
// The database is DATABASE_URL (PostgreSQL) or, when unset, PGlite under
// $DATA_DIR/pglite (default ./.data/pglite).
import { join } from 'node:path'
import { closeAdapterFactory, createAdapterFactory, createPrismaClient, type AdapterFactory } from '../app/utils/database.server.ts'
import { getDatabaseEnv } from '../app/utils/env.server.ts'
import { applyMigrations, createMigration, displayPath, migrationsDir, resetDatabase, schemaDrift } from '../app/utils/migrations.server.ts'
import { seed } from '../prisma/seed.ts'

const usage = `Usage: tsx scripts/db.ts <command>
  migrate      apply the migrations in ${displayPath(migrationsDir)} not yet applied
  new NAME     create a migration from the changes in prisma/schema.prisma
  reset        drop everything in the database and apply every migration
  drift        print the SQL that schema.prisma needs beyond the migrations (exit 1 if any)
  seed         apply the migrations not yet applied, then the demo (prisma/seed.ts; safe to run twice)`

function databaseFromEnv(): { factory: AdapterFactory; label: string } {
  const { DATABASE_URL: url, DATA_DIR } = getDatabaseEnv()
  if (url) {
    const parsed = new URL(url)
    return { factory: createAdapterFactory({ databaseUrl: url }), label: `PostgreSQL ${parsed.host}${parsed.pathname}` }
  }
  const dataDir = join(DATA_DIR, 'pglite')
  return { factory: createAdapterFactory({ dataDir }), label: `PGlite in ${dataDir}` }
}

async function withDatabase<T>(work: (factory: AdapterFactory, label: string) => Promise<T>): Promise<T> {
  const { factory, label } = databaseFromEnv()
  try {
    return await work(factory, label)
  } finally {
    await closeAdapterFactory(factory)
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'migrate':
      return withDatabase(async (factory, label) => {
        const applied = await applyMigrations(factory)
        console.log(
          applied.length ? `Applied to ${label}:\n${applied.map((n) => `  ${n}`).join('\n')}` : `${label} is up to date.`,
        )
        return 0
      })
    case 'new': {
      const name = rest.join(' ').trim()
      if (!name) {
        console.error('db new: give the migration a name, e.g. `npm run db:new add_lot_notes`')
        return 2
      }
      const file = await createMigration(name)
      console.log(
        file
          ? `Created ${displayPath(file)}\nReview it, then apply it with \`npm run db:migrate\`.`
          : 'No changes: prisma/schema.prisma matches the migrations.',
      )
      return 0
    }
    case 'reset':
      return withDatabase(async (factory, label) => {
        const applied = await resetDatabase(factory)
        console.log(`Reset ${label}; applied:\n${applied.map((n) => `  ${n}`).join('\n') || '  (no migrations)'}`)
        return 0
      })
    case 'drift': {
      const sql = await schemaDrift()
      if (!sql) {
        console.log('No drift: the migrations produce exactly prisma/schema.prisma.')
        return 0
      }
      console.log(
        `prisma/schema.prisma differs from the migrations; a new migration would contain:\n\n${sql}\n\nRun \`npm run db:new NAME\` to create it.`,
      )
      return 1
    }
    case 'seed':
      return withDatabase(async (factory, label) => {
        await applyMigrations(factory)
        const db = createPrismaClient(factory)
        try {
          console.log(`Seeded ${label}:`, await seed(db))
        } finally {
          await db.$disconnect()
        }
        return 0
      })
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(usage)
      return command ? 0 : 2
    default:
      console.error(`db: unknown command ${JSON.stringify(command)}\n${usage}`)
      return 2
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(`db ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
// Idle pool connections and PGlite's worker would otherwise keep the process alive.
process.exit(process.exitCode)
