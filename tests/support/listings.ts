// Results and needs for tests, made through the use-cases the pages call: the owner fills in the form (parsed by
// the form's own schema) and submits, staff publish. Defaults are a complete, valid form; a test overrides what its
// assertions read (matching reads the field, keywords, modes and price; search reads the text).
import type { z } from 'zod'
import type { Principal } from '../../app/domain/access.ts'
import { createNeed, transitionNeed } from '../../app/services/needs.server.ts'
import { createResult, transitionResult } from '../../app/services/results.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { NeedFormSchema, ResultFormSchema, type NeedForm, type ResultForm } from '../../app/utils/listing-validation.ts'

export type ResultFormInput = Partial<z.input<typeof ResultFormSchema>>
export type NeedFormInput = Partial<z.input<typeof NeedFormSchema>>

/** A valid result form (a bamboo treatment in pilot), with `over` in place of the defaults. */
export function resultForm(over: ResultFormInput = {}): ResultForm {
  return ResultFormSchema.parse({
    title: '竹材高温热处理防霉技术',
    summary: '饱和蒸汽180℃热处理竹材，防霉等级0级，已在竹地板企业中试。',
    keywords: '竹材,防霉',
    field: 'equipment',
    ipKind: 'INVENTION_PATENT',
    maturity: 'PILOT',
    transferModes: ['TRANSFER'],
    contactName: '王老师',
    contactPhone: '0578-2271234',
    ...over,
  })
}

/** A valid need form (an enterprise's mould problem, no budget given), with `over` in place of the defaults. */
export function needForm(over: NeedFormInput = {}): NeedForm {
  return NeedFormSchema.parse({
    title: '竹材防霉处理工艺需求',
    description: '竹制品在梅雨季易发霉，希望获得环保、低成本的竹材防霉处理工艺并完成产线改造。',
    field: 'bamboo-wood',
    keywords: '竹材,防霉',
    acceptedModes: ['TRANSFER'],
    contactName: '周经理',
    contactPhone: '13905780000',
    ...over,
  })
}

/** A result its owner submitted for review (not yet public); its id. */
export async function submitResult(db: Db, owner: Principal, now: Date, over: ResultFormInput = {}): Promise<string> {
  return (await createResult(db, owner, resultForm(over), now, { submit: true })).id
}

/** A result submitted by `owner` and published by `staff`; its id. */
export async function publishResult(db: Db, by: { owner: Principal; staff: Principal }, now: Date, over: ResultFormInput = {}): Promise<string> {
  const id = await submitResult(db, by.owner, now, over)
  await transitionResult(db, by.staff, id, 'publish', undefined, now)
  return id
}

/** A need its enterprise submitted for review (not yet public); its id. */
export async function submitNeed(db: Db, enterprise: Principal, now: Date, over: NeedFormInput = {}): Promise<string> {
  return (await createNeed(db, enterprise, needForm(over), now, { submit: true })).id
}

/** A need submitted by `enterprise` and published by `staff`; its id. */
export async function publishNeed(db: Db, by: { enterprise: Principal; staff: Principal }, now: Date, over: NeedFormInput = {}): Promise<string> {
  const id = await submitNeed(db, by.enterprise, now, over)
  await transitionNeed(db, by.staff, id, 'publish', undefined, now)
  return id
}
