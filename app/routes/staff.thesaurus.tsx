import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { FormErrors, TextField } from '~/components/form-field.tsx'
import { addBridgeEntry, bridgeForStaff, bridgeHistory, removeBridgeEntry } from '~/services/matching-bridge.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT, type MessageKey } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { formReply, parseSmallForm, readPost, runFormAction } from '~/utils/form-action.server.ts'

// Zod messages are catalogue keys: the fields show them translated (TextField's <Errors>).
const required = 'listingPages.thesaurus.required' satisfies MessageKey
const BridgeFormSchema = z.object({
  problem: z.string({ error: required }).trim().min(1, required).max(20, 'listingPages.thesaurus.problemTooLong' satisfies MessageKey),
  technology: z.string({ error: required }).trim().min(1, required).max(30, 'listingPages.thesaurus.technologyTooLong' satisfies MessageKey),
  note: z.string().trim().max(200, 'listingPages.thesaurus.noteTooLong' satisfies MessageKey).optional(),
})

const RemoveSchema = z.object({ problem: z.string().min(1).max(20), technology: z.string().min(1).max(30) })

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('nav.staffThesaurus')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const [entries, history] = await Promise.all([bridgeForStaff(db, staff), bridgeHistory(db, staff)])
  return { entries, history }
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
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
  const t = useT()
  const f = useFormat()
  const bySomeone = (who: string | null, at: string | null) => `${who ?? ''} ${at ? f.dateTime(at) : ''}`.trim()
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BridgeFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <h1>{t('listingPages.thesaurus.title')}</h1>
      <p className="meta">{t('listingPages.thesaurus.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="bridge-add-title">
        <h2 id="bridge-add-title">{t('listingPages.thesaurus.addTitle')}</h2>
        <CsrfInput />
        <input type="hidden" name="intent" value="add" />
        <FormErrors form={form} />
        <div className="grid2">
          <TextField meta={fields.problem} label={t('listingPages.thesaurus.problem')} hint={t('listingPages.thesaurus.problemHint')} />
          <TextField meta={fields.technology} label={t('listingPages.thesaurus.technology')} hint={t('listingPages.thesaurus.technologyHint')} />
          <TextField meta={fields.note} label={t('listingPages.thesaurus.note')} />
        </div>
        <button type="submit">{t('listingPages.thesaurus.add')}</button>
      </Form>
      {removeError && (
        <p className="alert" role="alert">
          {removeError}
        </p>
      )}
      <section className="card" aria-labelledby="bridge-entries">
        <h2 id="bridge-entries">{t('listingPages.thesaurus.entriesTitle', { count: entries.length })}</h2>
        <table>
          <TableHead columns={[t('listingPages.thesaurus.colProblem'), t('listingPages.thesaurus.colTechnology'), t('listingPages.thesaurus.colSource'), t('listingPages.thesaurus.colAction')]} />
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.problem}→${e.technology}`}>
                <td>{e.problem}</td>
                <td>{e.technology}</td>
                <td className="meta">{e.source === 'built-in' ? t('listingPages.thesaurus.builtIn') : bySomeone(e.changedBy, e.changedAt)}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="problem" value={e.problem} />
                    <input type="hidden" name="technology" value={e.technology} />
                    {/* Named by the visible word, then the pair (axe: the visible text must be part of the name). */}
                    <button type="submit" className="secondary">
                      {t('listingPages.thesaurus.remove')}
                      <span className="sr-only"> {`${e.problem} → ${e.technology}`}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="bridge-history">
        <h2 id="bridge-history">{t('listingPages.thesaurus.historyTitle')}</h2>
        {history.length === 0 ? (
          <p>{t('listingPages.thesaurus.noHistory')}</p>
        ) : (
          <table>
            <TableHead columns={[t('listingPages.thesaurus.colWhen'), t('listingPages.thesaurus.colWho'), t('listingPages.thesaurus.colChange'), t('listingPages.thesaurus.colNote')]} />
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{f.dateTime(h.changedAt)}</td>
                  <td>{h.changedBy}</td>
                  <td>
                    {t(h.active ? 'listingPages.thesaurus.historyAdded' : 'listingPages.thesaurus.historyRemoved', { problem: h.problem, technology: h.technology })}
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
