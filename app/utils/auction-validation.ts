// Form schemas for planning sessions and lots (browser and action alike).
import { z } from 'zod'
import { cleanText } from './text-validation.ts'
import { sessionPlanProblems } from '~/domain/auction-planning.ts'
import { shanghaiDateTime } from './date-validation.ts'
import { yuanAmount } from './listing-validation.ts'

export const SessionFormSchema = z
  .object({
    quarter: z.string({ error: '请填写季度' }).regex(/^\d{4}Q[1-4]$/, '季度格式如 2026Q4'),
    title: cleanText(z.string({ error: '请填写场次名称' }).trim().min(4, '场次名称至少 4 个字').max(60), '场次名称'),
    startsAt: shanghaiDateTime('开始时间'),
    endsAt: shanghaiDateTime('结束时间'),
  })
  .superRefine((v, ctx) => {
    // The domain's rule, so the browser says what the server will say.
    for (const p of sessionPlanProblems({ quarter: v.quarter, startsAt: v.startsAt.getTime(), endsAt: v.endsAt.getTime() })) {
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
    }
  })

const required = (label: string) =>
  yuanAmount(label).refine((v): v is number => v !== null, `请填写${label}`)

export const LotFormSchema = z
  .object({
    resultId: z.string({ error: '请选择成果' }).min(1, '请选择成果'),
    startingPrice: required('起拍价'),
    increment: required('加价幅度'),
    reserve: yuanAmount('保留价'),
    depositKind: z.enum(['fixed', 'share'], { error: '请选择保证金方式' }),
    depositAmount: yuanAmount('保证金'),
    depositPercent: z.coerce.number({ error: '保证金比例应为数字' }).int('保证金比例应为整数').min(5, '比例为 5–20 %').max(20, '比例为 5–20 %').optional(),
    startsAt: shanghaiDateTime('开始时间'),
    endsAt: shanghaiDateTime('结束时间'),
    extensionMinutes: z.coerce.number({ error: '请填写延时周期' }).int('延时周期应为整数分钟').default(5),
  })
  .superRefine((v, ctx) => {
    if (v.depositKind === 'fixed' && v.depositAmount === null) ctx.addIssue({ code: 'custom', path: ['depositAmount'], message: '请填写保证金金额' })
    if (v.depositKind === 'share' && v.depositPercent === undefined) ctx.addIssue({ code: 'custom', path: ['depositPercent'], message: '请填写保证金比例' })
  })

export const RegistrationDecisionSchema = z.object({
  registrationId: z.string({ error: '缺少报名编号，请刷新页面后重试' }).min(1, '缺少报名编号，请刷新页面后重试'),
  decision: z.enum(['approve', 'refuse'], { error: '请选择通过或不予通过' }),
  reason: cleanText(z.string().trim().max(300, '原因不能超过 300 个字'), '原因', { multiline: true }).optional(),
})
