// Participants: organizations and their users, registered by bureau staff.
import { canCreateStaffLogins, isStaff, type Principal } from '~/domain/access.ts'
import { creditCodeProblem } from '~/domain/credit-code.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { hashPassword } from '~/utils/auth.server.ts'
import type { Db, Tx } from '~/utils/db.server.ts'
import { ROLE_FOR_KIND, type OrganizationForm, type StaffLoginForm } from '~/utils/organization-validation.ts'
import { audit } from './audit.server.ts'
import { bureauIdOf, readableOrganizations } from './bureaus.server.ts'
import { regionOfCountyText } from '~/domain/regions.ts'
import { ServiceError } from '~/utils/errors.ts'

/** The acting staff member with the administrator flag, read from the database (a principal does not carry it). */
async function staffActor(db: Db | Tx, staff: Principal) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.register-organizations')
  const actor = await db.user.findUnique({ where: { id: staff.userId }, select: { bureauAdmin: true } })
  if (!actor) throw new ServiceError('forbidden', 'staff-only.register-organizations')
  return { ...staff, bureauAdmin: actor.bureauAdmin }
}

/**
 * Staff register a participant and its first login. A bureau's first login is a staff login, so only a bureau
 * administrator registers a bureau (finding 1: any staff member made a second staff login and approved their own work).
 */
export async function registerOrganization(db: Db, staff: Principal, form: OrganizationForm, now: Date) {
  const actor = await staffActor(db, staff)
  const role = ROLE_FOR_KIND[form.kind]
  if (role === 'STAFF' && !canCreateStaffLogins(actor)) throw new ServiceError('forbidden', 'staff-only.create-staff-logins', { field: 'kind' })
  const problem = creditCodeProblem(form.creditCode)
  if (problem) throw new ServiceError('invalid', problem.key, { field: 'creditCode', params: problem.params })
  const passwordHash = await hashPassword(form.password)
  return withUniqueFields(() =>
    db.$transaction(async (tx) => {
      const countyId = form.kind === 'BUREAU' ? null : await countyForRegistration(tx, staff, form.county)
      const org = await tx.organization.create({
        data: { kind: form.kind, name: form.name, creditCode: form.creditCode, county: form.county, countyId, createdAt: now },
      })
      const user = await tx.user.create({
        data: { email: form.email, name: form.userName, role, organizationId: org.id, passwordHash, createdById: staff.userId },
      })
      await audit(tx, { actorId: staff.userId, action: 'organization.register', entityType: 'User', entityId: user.id, data: { organizationId: org.id, kind: form.kind }, at: now })
      if (role === 'STAFF') await auditStaffCreation(tx, staff.userId, user.id, org.id, now)
      return { organizationId: org.id, userId: user.id }
    }),
  )
}

/**
 * The county of the registering bureau's region that the address names (its own counties first, then the known
 * regions); an address in another bureau's region is that bureau's to register; one in none is linked to none.
 */
async function countyForRegistration(tx: Tx, staff: Principal, countyText: string): Promise<string | null> {
  const mine = bureauIdOf(staff)
  const own = await tx.county.findFirst({ where: { bureauId: mine, name: countyText.trim() }, select: { id: true } })
  if (own) return own.id
  const region = regionOfCountyText(countyText)
  if (!region) return null
  const county = await tx.county.findFirst({ where: { name: region.county, bureau: { name: region.bureau } }, select: { id: true, bureauId: true } })
  if (county && county.bureauId !== mine) throw new ServiceError('not-allowed', 'bureau.outside-region', { field: 'county' })
  return county?.id ?? null
}

/** A bureau administrator adds a staff login to their own bureau. */
export async function createStaffLogin(db: Db, admin: Principal, form: StaffLoginForm, now: Date) {
  const actor = await staffActor(db, admin)
  if (!canCreateStaffLogins(actor)) throw new ServiceError('forbidden', 'staff-only.create-staff-logins')
  const passwordHash = await hashPassword(form.password)
  return withUniqueFields(() =>
    db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: form.email, name: form.userName, role: 'STAFF', organizationId: admin.organizationId, passwordHash, createdById: admin.userId },
      })
      await auditStaffCreation(tx, admin.userId, user.id, admin.organizationId, now)
      return { userId: user.id }
    }),
  )
}

function auditStaffCreation(tx: Tx, actorId: string, userId: string, organizationId: string, at: Date) {
  return audit(tx, { actorId, action: 'staff.create', entityType: 'User', entityId: userId, toStatus: 'STAFF', data: { organizationId, createdById: actorId }, at })
}

async function withUniqueFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    // The unique indexes decide; this only says which field clashed.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const target = JSON.stringify(error.meta ?? {})
      if (target.includes('creditCode')) throw new ServiceError('conflict', 'organization.credit-code-taken', { field: 'creditCode' })
      if (target.includes('email')) throw new ServiceError('conflict', 'organization.email-taken', { field: 'email' })
      throw new ServiceError('conflict', 'organization.name-taken', { field: 'name' })
    }
    throw error
  }
}

/** Whether this staff member may create staff logins (the page shows the form only to them). */
export async function mayCreateStaffLogins(db: Db, staff: Principal): Promise<boolean> {
  return canCreateStaffLogins(await staffActor(db, staff))
}

export async function listOrganizations(db: Db, staff: Principal) {
  // The bureau itself and the organisations it serves; other bureaus and their regions are theirs. The province: all.
  const rows = await db.organization.findMany({
    where: readableOrganizations(staff),
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    include: { _count: { select: { users: true, results: true, needs: true } } },
  })
  return rows.map((o) => ({
    id: o.id,
    kind: o.kind,
    name: o.name,
    creditCode: o.creditCode,
    county: o.county,
    users: o._count.users,
    results: o._count.results,
    needs: o._count.needs,
  }))
}
