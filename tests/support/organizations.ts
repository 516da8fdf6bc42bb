// Organisations and their logins for tests: what every service is called with is a Principal (a user acting for an
// organisation), so tests make one here rather than writing the two rows by hand. Each default is unique per call;
// a test overrides only what its assertions read (a name it looks for, the county a region follows, a credit code a
// file names).
import type { Principal } from '../../app/domain/access.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { organizations } from '../../prisma/seed-data.ts'

export type OrganizationKind = 'UNIVERSITY' | 'INSTITUTE' | 'ENTERPRISE' | 'BUREAU'

let serial = 0
/** A credit code no other call gives (the column is unique; tests do not check its check digit). */
export function uniqueCode(prefix = 'T'): string {
  return `${prefix}${process.pid}${++serial}${Math.random().toString(36).slice(2, 8)}`.toUpperCase()
}

/** The role an organisation's own people have: staff for a bureau, enterprise for an enterprise, else institution. */
export function roleOf(kind: OrganizationKind): Principal['role'] {
  return kind === 'BUREAU' ? 'STAFF' : kind === 'ENTERPRISE' ? 'ENTERPRISE' : 'INSTITUTION'
}

const KIND_NAMES: Record<OrganizationKind, string> = { UNIVERSITY: '测试大学', INSTITUTE: '测试研究院', ENTERPRISE: '测试企业', BUREAU: '测试科技局' }

export type PrincipalOptions = {
  name?: string
  creditCode?: string
  county?: string
  /** The login's e-mail; by default the credit code's. */
  email?: string
  /** The login's own name (a person's, shown as who proposed or decided); by default the organisation's name. */
  userName?: string
  /** The login's role when it is not the organisation's own (a PROVINCE reader sits in a bureau). */
  role?: Principal['role']
}

/** An organisation of `kind` with one login; the Principal that login acts as, with the organisation's name and code. */
export async function createPrincipal(db: Db, kind: OrganizationKind, over: PrincipalOptions = {}): Promise<Principal & { name: string; creditCode: string }> {
  const creditCode = over.creditCode ?? uniqueCode()
  const name = over.name ?? `${KIND_NAMES[kind]}${creditCode}`
  const org = await db.organization.create({ data: { kind, name, creditCode, county: over.county ?? '莲都区' } })
  const role = over.role ?? roleOf(kind)
  const login = await createLogin(db, { organizationId: org.id, role }, { email: over.email ?? `${creditCode.toLowerCase()}@t.example`, name: over.userName ?? name })
  return { ...login, name, creditCode }
}

/** A login of an existing organisation (a colleague, a seeded organisation's user): its role unless given. */
export async function createLogin(
  db: Db,
  of: { organizationId: string; role: Principal['role'] },
  over: { email?: string; name?: string; role?: Principal['role']; passwordHash?: string } = {},
): Promise<Principal> {
  const email = over.email ?? `${uniqueCode('u').toLowerCase()}@t.example`
  const role = over.role ?? of.role
  const user = await db.user.create({
    data: { email, name: over.name ?? email.split('@')[0]!, role, organizationId: of.organizationId, passwordHash: over.passwordHash ?? 'x' },
  })
  return { userId: user.id, role, organizationId: of.organizationId }
}

/** The seed's organisations (prisma/seed-data.ts) of the given kinds, without logins; their ids by name. */
export async function createSeedOrganizations(db: Db, kinds: OrganizationKind[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const o of organizations.filter((o) => kinds.includes(o.kind))) {
    const row = await db.organization.create({ data: { kind: o.kind, name: o.name, creditCode: o.creditCode, county: o.county } })
    ids.set(o.name, row.id)
  }
  return ids
}
