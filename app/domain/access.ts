// Who may do what with listings. Loaders and actions call these; the rules live
// only here. A user is identified by role and organization.

/** PROVINCE: the province's read-only view of every bureau (decision 016); isStaff is false for it, so it changes nothing. */
export type Role = 'INSTITUTION' | 'ENTERPRISE' | 'STAFF' | 'PROVINCE'
export type Principal = { userId: string; role: Role; organizationId: string }

export function canCreateResult(p: Principal): boolean {
  return p.role === 'INSTITUTION'
}

export function canCreateNeed(p: Principal): boolean {
  return p.role === 'ENTERPRISE'
}

/** Owner of a listing: the user's organization owns it. */
export function isOwner(p: Principal, ownerOrganizationId: string): boolean {
  return p.organizationId === ownerOrganizationId && p.role !== 'STAFF'
}

/** Only enterprises buy in auctions: staff run them and institutions sell (registration and deposit come after). */
export function canBid(p: Pick<Principal, 'role'>): boolean {
  return p.role === 'ENTERPRISE'
}

/** Staff of a bureau: the only role that changes anything on the staff pages. */
export function isStaff(p: Principal): boolean {
  return p.role === 'STAFF'
}

/** The province's read-only login (decision 016): every bureau's records, no action. */
export function isProvince(p: Pick<Principal, 'role'>): boolean {
  return p.role === 'PROVINCE'
}

/** Who may read the staff pages: a bureau's staff (their bureau's records) and the province (every bureau's). */
export function readsStaffPages(p: Pick<Principal, 'role'>): boolean {
  return p.role === 'STAFF' || p.role === 'PROVINCE'
}

/** Who acts on a listing: staff (review, withdraw, close), its owner, or nobody (anyone else, or no one signed in). */
export function listingActor(p: Principal | null, ownerOrganizationId: string): 'staff' | 'owner' | null {
  if (!p) return null
  return isStaff(p) ? 'staff' : isOwner(p, ownerOrganizationId) ? 'owner' : null
}

/** Published (and later) listings are public; anything else only to its owner and staff. */
export function canViewListing(p: Principal | null, ownerOrganizationId: string, isPublic: boolean): boolean {
  if (isPublic) return true
  if (!p) return false
  return isStaff(p) || isOwner(p, ownerOrganizationId)
}

export const PUBLIC_RESULT_STATUSES = ['PUBLISHED', 'IN_AUCTION', 'SOLD'] as const
export const PUBLIC_NEED_STATUSES = ['PUBLISHED', 'MET'] as const
/** Results still on offer: matched against needs and open to an enterprise's interest (a sold one is public but taken). */
export const OPEN_RESULT_STATUSES = ['PUBLISHED', 'IN_AUCTION'] as const
/** Needs still looking for a result. */
export const OPEN_NEED_STATUSES = ['PUBLISHED'] as const

const within = (list: readonly string[], status: string) => list.includes(status)
export const isPublicResult = (status: string) => within(PUBLIC_RESULT_STATUSES, status)
export const isPublicNeed = (status: string) => within(PUBLIC_NEED_STATUSES, status)
export const isOpenResult = (status: string) => within(OPEN_RESULT_STATUSES, status)
export const isOpenNeed = (status: string) => within(OPEN_NEED_STATUSES, status)

/** A staff login as the four-eyes rule sees it: who it is and who created it. */
export type StaffIdentity = { userId: string; createdById: string | null }

/**
 * Four eyes: the decider is someone other than the staff member who registered the thing, and neither created the
 * other's login (an administrator approving what a login they made registered is one person with two accounts).
 */
export function fourEyesProblem(decider: StaffIdentity, registrar: StaffIdentity | null): 'same-person' | 'created-by' | null {
  if (!registrar) return null
  if (decider.userId === registrar.userId) return 'same-person'
  if (decider.createdById === registrar.userId || registrar.createdById === decider.userId) return 'created-by'
  return null
}

/** Only a bureau administrator creates staff logins (or registers a bureau, whose first login is staff). */
export function canCreateStaffLogins(p: Principal & { bureauAdmin: boolean }): boolean {
  return p.role === 'STAFF' && p.bureauAdmin
}
