// Staff: enterprise facts (高新技术企业, 规上, 省科技型中小企业) of the enterprises the bureau serves, their import
// from CSV or XLSX (all or nothing, each bad row reported by line and field) and one enterprise's records with
// their dates and sources (decision 016). The province's read-only login sees every bureau's and imports nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Fragment } from 'react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { TableHead } from '~/components/table-head.tsx'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { enterpriseFactsPage, importEnterpriseFacts, MAX_FACT_FILE_BYTES } from '~/services/enterprise-facts.server.ts'
import { requireRole, requireStaffReader } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('enterpriseFacts.title')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const viewer = await requireStaffReader(request, db)
  const org = new URL(request.url).searchParams.get('org')
  const page = await orRespond(enterpriseFactsPage(db, viewer, { organizationId: org, now: new Date() }))
  if (page.notFound) throw new Response((await getT(request))('enterpriseFacts.errors.notFound'), { status: 404 })
  return page
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  // The file is read whole into memory: refuse a body far larger than any file we accept before reading it.
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_FACT_FILE_BYTES + 64 * 1024) {
    return data({ ok: false as const, file: '', error: 'tooLarge' as const, params: { max: '2 MB' } }, { status: 413 })
  }
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const file = formData.get('file')
  if (!(file instanceof File) || file.size === 0 || !file.name) return data({ ok: false as const, file: '', error: 'noFile' as const }, { status: 400 })
  const result = await orRespond(importEnterpriseFacts(db, staff, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, new Date()))
  return data(result, { status: result.ok ? 200 : 400 })
}

/** The import templates to download, in each language and format. */
const TEMPLATES = [
  ['zh-CN', 'xlsx', 'templateZhXlsx'],
  ['zh-CN', 'csv', 'templateZhCsv'],
  ['en', 'xlsx', 'templateEnXlsx'],
  ['en', 'csv', 'templateEnCsv'],
] as const

export default function EnterpriseFacts() {
  const { enterprises, detail, mayImport } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <h1>{t('enterpriseFacts.title')}</h1>
      <p>{t('enterpriseFacts.intro')}</p>
      {!mayImport && (
        <p className="notice" role="note">
          {t('enterpriseFacts.readOnly')}
        </p>
      )}
      {mayImport && <ImportForm />}
      {detail ? <Detail detail={detail} /> : <EnterpriseTable enterprises={enterprises} />}
    </>
  )
}

function ImportForm() {
  const t = useT()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="card" aria-labelledby="facts-import-title">
      <h2 id="facts-import-title">{t('enterpriseFacts.importTitle')}</h2>
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <label>
          {t('enterpriseFacts.file')}
          <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </label>
        <button type="submit" disabled={busy}>
          {t('enterpriseFacts.importButton')}
        </button>
      </Form>
      <p>
        {t('enterpriseFacts.template')}:{' '}
        {TEMPLATES.map(([lang, format, key], i) => (
          <Fragment key={key}>
            {i > 0 && ' · '}
            <a href={`/staff/enterprise-facts/template?lang=${lang}&format=${format}`} download>
              {t(`enterpriseFacts.${key}`)}
            </a>
          </Fragment>
        ))}
      </p>
      <p className="hint">{t('enterpriseFacts.templateHelp')}</p>
      {result && <ImportResult result={result} />}
    </section>
  )
}

function ImportResult({ result }: { result: NonNullable<ReturnType<typeof useActionData<typeof action>>> }) {
  const t = useT()
  if (result.ok) {
    return (
      <p className="success" role="status" data-testid="facts-import-result">
        {t('enterpriseFacts.imported', { file: result.file, rows: result.rows, enterprises: result.enterprises, added: result.added, unchanged: result.unchanged, replaced: result.replaced })}
      </p>
    )
  }
  if ('error' in result) {
    const params: Record<string, string | number> = 'params' in result && result.params ? { ...result.params } : {}
    return (
      <p className="alert" role="alert" data-testid="facts-import-result">
        {t(`enterpriseFacts.errors.${result.error}`, params as { max: string })}
      </p>
    )
  }
  return (
    <div role="alert" data-testid="facts-import-result">
      <p className="alert">{t('enterpriseFacts.rejected', { file: result.file })}</p>
      <table>
        <TableHead columns={[t('enterpriseFacts.colLine'), t('enterpriseFacts.colField'), t('enterpriseFacts.colValue'), t('enterpriseFacts.colReason')]} />
        <tbody>
          {result.problems.map((p, i) => (
            <tr key={i}>
              <td>{p.line}</td>
              <td>{p.field ? t(`enterpriseFacts.fields.${p.field}`) : t('enterpriseFacts.rowLevel')}</td>
              <td>{p.value}</td>
              <td>{t(`enterpriseFacts.problems.${p.reason}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function EnterpriseTable({ enterprises }: { enterprises: ReturnType<typeof useLoaderData<typeof loader>>['enterprises'] }) {
  const t = useT()
  const yn = (b: boolean) => (b ? t('enterpriseFacts.yes') : t('enterpriseFacts.no'))
  if (enterprises.length === 0) return <p>{t('enterpriseFacts.none')}</p>
  return (
    <table>
      <caption>{t('enterpriseFacts.caption')}</caption>
      <TableHead columns={[t('enterpriseFacts.colEnterprise'), t('enterpriseFacts.colCreditCode'), t('enterpriseFacts.colCounty'), t('enterpriseFacts.colBureau'), t('enterpriseFacts.colHighTech'), t('enterpriseFacts.colAboveScale'), t('enterpriseFacts.colAboveScaleHighTech'), t('enterpriseFacts.colTechSme'), t('enterpriseFacts.colFacts')]} />
      <tbody>
        {enterprises.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`?org=${e.id}`}>{e.name}</Link>
            </td>
            <td>
              <code>{e.creditCode}</code>
            </td>
            <td>{e.county}</td>
            <td>{e.bureau ?? '—'}</td>
            <td>{yn(e.highTech)}</td>
            <td>{yn(e.aboveScale)}</td>
            <td>{yn(e.aboveScaleHighTech)}</td>
            <td>{yn(e.techSme)}</td>
            <td>{e.facts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Detail({ detail }: { detail: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['detail']> }) {
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="facts-detail-title">
      <h2 id="facts-detail-title">{t('enterpriseFacts.detailTitle', { name: detail.name })}</h2>
      <p>
        <Link to="/staff/enterprise-facts">{t('enterpriseFacts.back')}</Link>
      </p>
      {detail.facts.length === 0 ? (
        <p>{t('enterpriseFacts.noFacts')}</p>
      ) : (
        <table>
          <caption>{t('enterpriseFacts.detailCaption')}</caption>
          <TableHead columns={[t('enterpriseFacts.colKind'), t('enterpriseFacts.colYear'), t('enterpriseFacts.colCertificate'), t('enterpriseFacts.colValidFrom'), t('enterpriseFacts.colValidTo'), t('enterpriseFacts.colSource'), t('enterpriseFacts.colRecordedAt'), t('enterpriseFacts.colStatus')]} />
          <tbody>
            {detail.facts.map((x) => (
              <tr key={x.id} className={x.replacedAt ? 'muted' : undefined}>
                <td>{t(`enterpriseFacts.kinds.${x.kind}`)}</td>
                <td>{x.year ?? '—'}</td>
                <td>{x.certificateNo ?? '—'}</td>
                <td>{x.validFrom ? f.date(x.validFrom) : '—'}</td>
                <td>{x.validTo ? f.date(x.validTo) : '—'}</td>
                <td>{x.source}</td>
                <td>{f.dateTime(x.createdAt)}</td>
                <td>{x.replacedAt ? t('enterpriseFacts.replacedOn', { at: f.dateTime(x.replacedAt) }) : t('enterpriseFacts.current')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('enterpriseFacts.importsTitle')}</h3>
      <ul>
        {detail.imports.map((i) => (
          <li key={i.id}>{t('enterpriseFacts.importLine', { at: f.dateTime(i.at), actor: i.actor ?? '—', file: i.file ?? '' })}</li>
        ))}
      </ul>
    </section>
  )
}
