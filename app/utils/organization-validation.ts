import { z } from 'zod'
import { creditCodeProblem } from '~/domain/credit-code.ts'
import { keyWithParams, type MessageKey } from '~/i18n/catalogue.ts'
import { cleanText } from './text-validation.ts'

/** The kinds of organization; their names are enums.organizationKind.<KIND> in the catalogue. */
export const ORGANIZATION_KINDS = ['UNIVERSITY', 'INSTITUTE', 'ENTERPRISE', 'BUREAU'] as const

/** Staff register a participant: the organization and its first user, in one step. */
export const OrganizationFormSchema = z.object({
  kind: z.enum(ORGANIZATION_KINDS, { error: 'validation.organization.kindRequired' satisfies MessageKey }),
  name: cleanText(z.string({ error: keyWithParams('validation.text.required', { label: 'validation.labels.organizationName' }) }).trim().min(4, 'validation.organization.nameShort' satisfies MessageKey).max(80, 'validation.organization.nameLong' satisfies MessageKey), 'validation.labels.organizationName'),
  creditCode: z
    .string({ error: 'validation.creditCode.required' satisfies MessageKey })
    .trim()
    .transform((s) => s.toUpperCase())
    .superRefine((code, ctx) => {
      const problem = creditCodeProblem(code)
      if (problem) ctx.addIssue({ code: 'custom', message: keyWithParams(problem.key, problem.params ?? {}) })
    }),
  county: cleanText(z.string({ error: 'validation.organization.countyRequired' satisfies MessageKey }).trim().min(2, 'validation.organization.countyRequired' satisfies MessageKey).max(40), 'validation.labels.county'),
  userName: cleanText(z.string({ error: 'validation.organization.userNameRequired' satisfies MessageKey }).trim().min(2, 'validation.organization.userNameRequired' satisfies MessageKey).max(30), 'validation.labels.userName'),
  email: z.email({ error: 'validation.organization.emailInvalid' satisfies MessageKey }).transform((s) => s.toLowerCase()),
  password: z.string({ error: 'validation.organization.passwordRequired' satisfies MessageKey }).min(10, 'validation.organization.passwordShort' satisfies MessageKey).max(128),
})
export type OrganizationForm = z.output<typeof OrganizationFormSchema>

/** A bureau administrator adds a staff login to their bureau. */
export const StaffLoginFormSchema = OrganizationFormSchema.pick({ userName: true, email: true, password: true })
export type StaffLoginForm = z.output<typeof StaffLoginFormSchema>

export const ROLE_FOR_KIND = {
  UNIVERSITY: 'INSTITUTION',
  INSTITUTE: 'INSTITUTION',
  ENTERPRISE: 'ENTERPRISE',
  BUREAU: 'STAFF',
} as const
