// Zod 4 compiles object schemas with `new Function` when it can, and finds out whether it can by trying: under our
// Content-Security-Policy (no 'unsafe-eval') that try is a reported violation on every page with a form. Jitless
// parsing needs no eval. Imported first by app/root.tsx, before any module makes a schema (zod decides per schema,
// when it is made).
import { z } from 'zod'

z.config({ jitless: true })
