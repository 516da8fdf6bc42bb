// Participants: organizations and their users, registered by bureau staff.
import { isStaff, type Principal } from '~/domain/access.ts'
import { creditCodeProblem } from '~/domain/credit-code.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { hashPassword } from '~/utils/auth.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { ROLE_FOR_KIND, type OrganizationForm } from '~/utils/organization-validation.ts'
import { audit } from './audit.server.ts'
import { ServiceError } from '~/utils/errors.ts'

export async function registerOrganization(db: Db, staff: Principal, form: OrganizationForm, now: Date) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.register-organizations')
  const problem = creditCodeProblem(form.creditCode)
  if (problem) throw ServiceError.rule('invalid', problem, 'creditCode')
  const passwordHash = await hashPassword(form.password)
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: { kind: form.kind, name: form.name, creditCode: form.creditCode, county: form.county, createdAt: now },
      })
      const user = await tx.user.create({
        data: { email: form.email, name: form.userName, role: ROLE_FOR_KIND[form.kind], organizationId: org.id, passwordHash },
      })
      await audit(tx, { actorId: staff.userId, action: 'organization.register', entityType: 'User', entityId: user.id, data: { organizationId: org.id, kind: form.kind }, at: now })
      return { organizationId: org.id, userId: user.id }
    })
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

export async function listOrganizations(db: Db, staff: Principal) {
  if (!isStaff(staff)) throw new ServiceError('forbidden', 'staff-only.view')
  const rows = await db.organization.findMany({
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
