import { describe, expect, test } from 'vitest'
import { canCreateNeed, canCreateResult, canViewListing, isOwner, type Principal } from '~/domain/access.ts'

const university: Principal = { userId: 'u1', role: 'INSTITUTION', organizationId: 'zju' }
const otherUniversity: Principal = { userId: 'u2', role: 'INSTITUTION', organizationId: 'zjut' }
const enterprise: Principal = { userId: 'u3', role: 'ENTERPRISE', organizationId: 'valve-co' }
const staff: Principal = { userId: 'u4', role: 'STAFF', organizationId: 'bureau' }

describe('who may create listings', () => {
  test.each([
    [university, true, false],
    [enterprise, false, true],
    [staff, false, false],
  ])('%o: result %s, need %s', (p, result, need) => {
    expect(canCreateResult(p)).toBe(result)
    expect(canCreateNeed(p)).toBe(need)
  })
})

describe('an institution edits only its own results, an enterprise only its own needs', () => {
  test.each([
    [university, 'zju', true],
    [otherUniversity, 'zju', false],
    [enterprise, 'valve-co', true],
    [enterprise, 'zju', false],
    [{ ...staff, organizationId: 'zju' }, 'zju', false], // staff review, they never own
  ])('%o owns %s: %s', (p, owner, expected) => expect(isOwner(p, owner)).toBe(expected))
})

describe('unpublished listings are seen only by their owner and staff', () => {
  test.each([
    [null, true, true],
    [null, false, false],
    [otherUniversity, false, false],
    [university, false, true],
    [staff, false, true],
  ])('viewer %o, public %s → %s', (p, isPublic, expected) => expect(canViewListing(p, 'zju', isPublic)).toBe(expected))
})
