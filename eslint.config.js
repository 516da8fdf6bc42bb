import tseslint from 'typescript-eslint'

// The web entry (server/) sits on top: nothing in app/ or workers/ may reach into it.
const NO_SERVER = { group: ['../server/*', '../../server/*', '../../../server/*'], message: 'server/ is the web entry: app/ and workers/ depend on nothing in it (move what is shared to app/utils)' }

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', '.cache/**', 'app/generated/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Configuration is read in one place: the zod schema in app/utils/env.server.ts (getEnv) lists every variable.
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: [
      'app/utils/env.server.ts', // the schema itself
      // The CLIs in scripts/ read getEnv() (db.ts: getDatabaseEnv(), as it migrates before the rest is set) but for two:
      'scripts/start.mjs', // plain Node before the build (it cannot load the TypeScript schema): only REDIS_URL, to start a local Redis
      'scripts/screenshots.ts', // a developer's tool driving a browser at a running server: BASE_URL and CHROMIUM_PATH are not the app's configuration
      'bench/**', // benchmarks take their own knobs (BENCH_*) and never run in production
      'tests/**', // tests choose databases and spawn processes with their own environments
      '*.config.{ts,js}', // tool configuration (Playwright's port, Vitest) is not the app's
    ],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through getEnv() (app/utils/env.server.ts); add the variable to its schema' }],
    },
  },
  {
    // A process-wide object is made with singleton() (app/utils/singleton.server.ts), not a hand-written globalThis holder.
    files: ['app/**/*.{ts,tsx}', 'server/**/*.ts', 'workers/**/*.ts'],
    ignores: ['app/utils/singleton.server.ts', 'app/domain/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "TSAsExpression[expression.name='globalThis']", message: 'use singleton(name, () => value) from app/utils/singleton.server.ts' }] },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/domain/**', 'app/utils/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SERVER] }] },
  },
  {
    // Infrastructure and browser-shared helpers are below the use-cases: services call utils, never the other way.
    files: ['app/utils/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_SERVER, { group: ['~/services/*', '../services/*'], message: 'app/utils depends on no service (a shared type belongs in app/utils or app/domain)' }] },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SERVER] }] },
  },
  {
    // The domain core is pure: no I/O, no framework, shared with the browser.
    files: ['app/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto'], message: 'app/domain is pure: no Node APIs' },
            { group: ['@prisma/*', '~/generated/*', '*/generated/*'], message: 'app/domain does not know the database' },
            { group: ['@remix-run/*', 'react', 'react-dom', 'socket.io*', 'bullmq', 'ioredis'], message: 'app/domain knows no framework' },
            { group: ['~/services/*', '~/utils/*', '*.server', '*.server.ts'], message: 'app/domain depends on nothing outside itself' },
            NO_SERVER,
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'time is a parameter in app/domain' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'time is a parameter in app/domain' }],
    },
  },
)
