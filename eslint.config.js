import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'app/generated/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
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
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'time is a parameter in app/domain' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'time is a parameter in app/domain' }],
    },
  },
)
