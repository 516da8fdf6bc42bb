import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TextField } from '~/components/form-field.tsx'
import { addBridgeEntry, bridgeForStaff, bridgeHistory, removeBridgeEntry } from '~/services/matching-bridge.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { formReply, parseSmallForm, runFormAction } from '~/utils/form-action.server.ts'

// Every string of this page, together, so it moves to the i18n catalogue in one piece.
const T = {
  title: '匹配词表（问题 → 技术）',
  metaTitle: '匹配词表 · 科技成果交易市场',
  intro:
    '企业描述问题的说法（如“刹不住”“漏油”“良率低”）与成果描述技术的说法（如“制动衰退”“密封”“缺陷控制”）之间的桥接。需求正文出现左边的说法时，匹配会以较低权重加上右边的说法，并在匹配理由中写明“刹不住 → 制动衰退”。每次修改都会留下记录。',
  addTitle: '添加一条桥接',
  problem: '企业的说法（问题）',
  problemHint: '出现在需求文字中即生效，如：刹不住、漏油、续航短',
  technology: '成果的说法（技术）',
  technologyHint: '成果常用的技术名词，如：制动衰退、密封、能量密度',
  note: '说明（可选）',
  add: '添加',
  entriesTitle: (n: number) => `当前词表（${n} 条）`,
  colProblem: '企业的说法',
  colTechnology: '成果的说法',
  colSource: '来源',
  colAction: '操作',
  builtIn: '内置',
  bySomeone: (who: string | null, at: string | null) => `${who ?? ''} ${at ? formatDateTime(at) : ''}`.trim(),
  remove: '移除',
  removeLabel: (p: string, t: string) => `移除 ${p} → ${t}`,
  historyTitle: '修改记录',
  colWhen: '时间',
  colWho: '修改人',
  colChange: '修改',
  colNote: '说明',
  added: '添加',
  removed: '移除',
  noHistory: '尚无修改。',
  required: '必填',
  tooLong: (n: number) => `不超过 ${n} 个字`,
} as const

const BridgeFormSchema = z.object({
  problem: z.string({ error: T.required }).trim().min(1, T.required).max(20, T.tooLong(20)),
  technology: z.string({ error: T.required }).trim().min(1, T.required).max(30, T.tooLong(30)),
  note: z.string().trim().max(200, T.tooLong(200)).optional(),
})

const RemoveSchema = z.object({ problem: z.string().min(1).max(20), technology: z.string().min(1).max(30) })

export const meta: MetaFunction = () => [{ title: T.metaTitle }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const [entries, history] = await Promise.all([bridgeForStaff(db, staff), bridgeHistory(db, staff)])
  return { entries, history }
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  if (formData.get('intent') === 'remove') {
    const parsed = parseSmallForm(RemoveSchema, formData)
    if (!parsed.ok) return data({ ok: false as const, form: 'remove' as const, message: parsed.message }, { status: 400 })
    return formReply(async () => void (await removeBridgeEntry(db, staff, parsed.value, new Date())), { form: 'remove' as const })
  }
  const submission = parseWithZod(formData, { schema: BridgeFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const outcome = await runFormAction(submission, () => addBridgeEntry(db, staff, submission.value, new Date()))
  return outcome.ok ? data(submission.reply({ resetForm: true })) : outcome.response
}

export default function Thesaurus() {
  const { entries, history } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const lastResult = result && 'status' in result ? result : undefined
  const removeError = result && 'form' in result && result.form === 'remove' && !result.ok ? result.message : undefined
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BridgeFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>{T.title}</h1>
      <p className="meta">{T.intro}</p>
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="bridge-add-title">
        <h2 id="bridge-add-title">{T.addTitle}</h2>
        <CsrfInput />
        <input type="hidden" name="intent" value="add" />
        {form.errors && (
          <p className="alert" role="alert">
            {form.errors.join('；')}
          </p>
        )}
        <div className="grid2">
          <TextField meta={fields.problem} label={T.problem} hint={T.problemHint} />
          <TextField meta={fields.technology} label={T.technology} hint={T.technologyHint} />
          <TextField meta={fields.note} label={T.note} />
        </div>
        <button type="submit">{T.add}</button>
      </Form>
      {removeError && (
        <p className="alert" role="alert">
          {removeError}
        </p>
      )}
      <section className="card" aria-labelledby="bridge-entries">
        <h2 id="bridge-entries">{T.entriesTitle(entries.length)}</h2>
        <table>
          <thead>
            <tr>
              <th>{T.colProblem}</th>
              <th>{T.colTechnology}</th>
              <th>{T.colSource}</th>
              <th>{T.colAction}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.problem}→${e.technology}`}>
                <td>{e.problem}</td>
                <td>{e.technology}</td>
                <td className="meta">{e.source === 'built-in' ? T.builtIn : T.bySomeone(e.changedBy, e.changedAt)}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="problem" value={e.problem} />
                    <input type="hidden" name="technology" value={e.technology} />
                    <button type="submit" className="secondary" aria-label={T.removeLabel(e.problem, e.technology)}>
                      {T.remove}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="bridge-history">
        <h2 id="bridge-history">{T.historyTitle}</h2>
        {history.length === 0 ? (
          <p>{T.noHistory}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{T.colWhen}</th>
                <th>{T.colWho}</th>
                <th>{T.colChange}</th>
                <th>{T.colNote}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{formatDateTime(h.changedAt)}</td>
                  <td>{h.changedBy}</td>
                  <td>
                    {h.active ? T.added : T.removed} {h.problem} → {h.technology}
                  </td>
                  <td>{h.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
