import { z } from 'zod'
import { creditCodeProblem } from '~/domain/credit-code.ts'
import { cleanText } from './text-validation.ts'

/** The kinds of organization; their names are enums.organizationKind.<KIND> in the catalogue. */
export const ORGANIZATION_KINDS = ['UNIVERSITY', 'INSTITUTE', 'ENTERPRISE', 'BUREAU'] as const

/** Staff register a participant: the organization and its first user, in one step. */
export const OrganizationFormSchema = z.object({
  kind: z.enum(ORGANIZATION_KINDS, { error: '请选择单位类型' }),
  name: cleanText(z.string({ error: '请填写单位名称' }).trim().min(4, '单位名称至少 4 个字').max(80, '单位名称不能超过 80 个字'), '单位名称'),
  creditCode: z
    .string({ error: '请填写统一社会信用代码' })
    .trim()
    .transform((s) => s.toUpperCase())
    .superRefine((code, ctx) => {
      const problem = creditCodeProblem(code)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  county: cleanText(z.string({ error: '请填写所在区县' }).trim().min(2, '请填写所在区县').max(40), '所在区县'),
  userName: cleanText(z.string({ error: '请填写联系人姓名' }).trim().min(2, '请填写联系人姓名').max(30), '姓名'),
  email: z.email({ error: '请填写有效的邮箱' }).transform((s) => s.toLowerCase()),
  password: z.string({ error: '请设置初始密码' }).min(10, '初始密码至少 10 位').max(128),
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
