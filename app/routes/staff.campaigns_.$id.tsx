// One campaign: its targets, the assignment table (import, export, leaders' logins), visits (plan, record, cancel,
// a request raised during a visit), and coverage per group and county with the burn-up and those not yet visited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { CHART_COLOURS, Chart, type EChartsOption } from '~/components/chart.tsx'
import { ChooseSelect } from '~/components/choose-select.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { CategorySelect } from '~/components/request-category-select.tsx'
import { TableHead } from '~/components/table-head.tsx'
import type { MessageKey } from '~/i18n/catalogue.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { campaignCoverage } from '~/services/campaign-coverage.server.ts'
import { getCampaign, importAssignmentTable, setGroupLeader, type ImportProblem } from '~/services/campaigns.server.ts'
import { recordRequestFromVisit } from '~/services/service-requests.server.ts'
import { campaignVisits, cancelVisit, planVisit, recordVisit, visitableEnterprises } from '~/services/visits.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { CampaignPageSchema } from '~/utils/campaign-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { formReply, parseSmallForm, readPost } from '~/utils/form-action.server.ts'
import { getT } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { readXlsxRows } from '~/utils/xlsx-table.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.campaign.name ?? t('campaign.title')} · ${t('campaign.title')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const now = new Date()
  const campaign = await orRespond(getCampaign(db, staff, params.id!))
  const [visits, coverage, enterprises] = await Promise.all([campaignVisits(db, staff, campaign.id, now), campaignCoverage(db, staff, campaign.id, now), visitableEnterprises(db, staff)])
  return { campaign, visits, coverage, enterprises }
}

const MAX_UPLOAD = 2 * 1024 * 1024

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user: staff, formData } = await readPost(request, 'STAFF')
  const id = params.id!
  const now = new Date()
  if (formData.get('intent') === 'import') {
    const t = await getT(request)
    const file = formData.get('file')
    if (!(file instanceof File) || file.size === 0) return data({ ok: false as const, form: 'import', message: t('campaign.fileMissing'), problems: [] as string[] }, { status: 400 })
    let rows: string[][]
    try {
      if (file.size > MAX_UPLOAD) throw new Error('too large')
      rows = await readXlsxRows(new Uint8Array(await file.arrayBuffer()))
    } catch {
      return data({ ok: false as const, form: 'import', message: t('campaign.fileInvalid'), problems: [] as string[] }, { status: 400 })
    }
    const outcome = await orRespond(importAssignmentTable(db, staff, id, rows, file.name.slice(0, 200), now))
    if (outcome.ok) return { ok: true as const, form: 'import', message: t('campaign.imported', outcome), problems: [] as string[] }
    const problemText = (p: ImportProblem) => t(`campaign.problems.${p.code}` as MessageKey, { value: 'value' in p ? (p.value ?? '') : '' })
    return data(
      { ok: false as const, form: 'import', message: t('campaign.importFailed'), problems: outcome.problems.map((p) => t('campaign.problemLine', { line: p.line, problem: problemText(p) })) },
      { status: 400 },
    )
  }
  const parsed = parseSmallForm(CampaignPageSchema, formData)
  if (!parsed.ok) return data({ ok: false as const, form: String(formData.get('intent') ?? ''), message: parsed.message, field: parsed.field }, { status: 400 })
  const v = parsed.value
  return formReply(
    async () => {
      switch (v.intent) {
        case 'leader':
          return void (await setGroupLeader(db, staff, v.groupId, v.userId || null, now))
        case 'plan':
          return void (await planVisit(db, staff, id, v, now))
        case 'record':
          return void (await recordVisit(db, staff, id, { enterpriseId: v.enterpriseId, visitedOn: v.visitedOn, visitors: v.visitors, mode: v.mode, policies: v.policies, problems: v.problems }, now, v.visitId || undefined))
        case 'cancel':
          return void (await cancelVisit(db, staff, v.visitId, now))
        case 'request':
          return void (await recordRequestFromVisit(db, staff, v.visitId, { category: v.category, description: v.description, attachments: [], contactName: '', contactPhone: '' }, now))
      }
    },
    { form: v.intent },
  )
}

function Reply({ form }: { form: string }) {
  const reply = useActionData<typeof action>()
  const t = useT()
  if (!reply || reply.form !== form) return null
  if (reply.ok) return <p role="status">{'message' in reply ? reply.message : t('campaign.saved')}</p>
  return (
    <div className="alert" role="alert">
      <p>{reply.message}</p>
      {'problems' in reply && reply.problems.length > 0 && (
        <ul>
          {reply.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** One of the page's forms: a card with its title, posting `intent`, the reply to it shown under the title. */
function CardForm({
  intent,
  titleId,
  title,
  hint,
  upload = false,
  children,
}: {
  intent: string
  titleId: string
  title: string
  hint?: string
  upload?: boolean
  children: ReactNode
}) {
  return (
    <Form method="post" encType={upload ? 'multipart/form-data' : undefined} className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {hint && <p className="hint">{hint}</p>}
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <Reply form={intent} />
      {children}
    </Form>
  )
}

const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`)

export default function CampaignPage() {
  const { campaign, visits, coverage, enterprises } = useLoaderData<typeof loader>()
  const t = useT()
  const doneVisits = visits.visits.filter((v) => v.status === 'DONE')
  const plannedVisits = visits.visits.filter((v) => v.status === 'PLANNED')
  return (
    <>
      <p>
        <Link to="/staff/campaigns">{t('campaign.back')}</Link>
      </p>
      <h1>{campaign.name}</h1>
      <p>
        {campaign.noticeRef} · {t('campaign.period', { from: campaign.startsOn, to: campaign.endsOn })}
      </p>
      <ul>
        <li>{t('campaign.coverageTarget', { date: campaign.coverageTargetOn })}</li>
        <li>{t('campaign.fundsTarget', { date: campaign.fundsTargetOn, percent: campaign.fundsTargetBp / 100 })}</li>
      </ul>

      <section aria-labelledby="coverage-title">
        <h2 id="coverage-title">{t('campaign.coverageTitle')}</h2>
        <p>
          {t('campaign.coverageAsOf', { date: coverage.asOf })} · {coverage.targetMet ? t('campaign.targetMet') : t('campaign.targetNotMet', { date: coverage.coverageTargetOn })}
        </p>
        {coverage.overall.total === 0 && <p>{t('campaign.noTargets')}</p>}
        <table id="coverage-groups">
          <TableHead columns={[t('campaign.colGroup'), t('campaign.colVisited'), t('campaign.colTotal'), t('campaign.colRate')]} />
          <tbody>
            {coverage.groups.map((g) => (
              <tr key={g.position}>
                <td>{t('campaign.groupLabel', { n: g.position, leader: g.leaderName })}</td>
                <td>{g.visited}</td>
                <td>{g.total}</td>
                <td>{pct(g.rateBp)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('campaign.overall')}</th>
              <td>{coverage.overall.visited}</td>
              <td>{coverage.overall.total}</td>
              <td>{pct(coverage.overall.rateBp)}</td>
            </tr>
          </tbody>
        </table>
        <table id="coverage-counties">
          <TableHead columns={[t('campaign.colCounty'), t('campaign.colGroup'), t('campaign.colVisited'), t('campaign.colTotal'), t('campaign.colRate')]} />
          <tbody>
            {coverage.counties.map((c) => (
              <tr key={c.countyId}>
                <td>{c.name}</td>
                <td>{c.groupPosition}</td>
                <td>{c.visited}</td>
                <td>{c.total}</td>
                <td>{pct(c.rateBp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('campaign.notVisitedTitle')}</h3>
        {coverage.notVisited.length === 0 ? (
          <p>{t('campaign.notVisitedEmpty')}</p>
        ) : (
          <ul id="not-visited">
            {coverage.notVisited.map((e) => (
              <li key={e.id}>
                {e.name}（{e.countyName}）
              </li>
            ))}
          </ul>
        )}
        <h3>{t('campaign.burnUpTitle')}</h3>
        <BurnUpChart burnUp={coverage.burnUp} />
        <table id="burn-up">
          <TableHead columns={[t('campaign.colDay'), t('campaign.colVisited'), t('campaign.colTotal')]} />
          <tbody>
            {coverage.burnUp.map((b) => (
              <tr key={b.day}>
                <td>{b.day}</td>
                <td>{b.visited ?? '—'}</td>
                <td>{b.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="table-title">
        <h2 id="table-title">{t('campaign.tableTitle')}</h2>
        <p>
          <a href={`/staff/campaigns/${campaign.id}/table.xlsx`} download>
            {t('campaign.export')}
          </a>
        </p>
        <Reply form="leader" />
        {campaign.groups.length === 0 ? (
          <p>{t('campaign.tableEmpty')}</p>
        ) : (
          <table id="assignment-table">
            <TableHead columns={[t('campaign.colNo'), t('campaign.colLeader'), t('campaign.colDepartments'), t('campaign.colCounty'), t('campaign.colEnterprises')]} />
            <tbody>
              {campaign.groups.flatMap((g) =>
                g.counties.map((c, i) => (
                  <tr key={c.id}>
                    {i === 0 && (
                      <>
                        <td rowSpan={g.counties.length}>{g.position}</td>
                        <td rowSpan={g.counties.length}>
                          {g.leader}
                          <Form method="post">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="leader" />
                            <input type="hidden" name="groupId" value={g.id} />
                            <label>
                              {t('campaign.leaderLogin')}
                              <select name="userId" defaultValue={g.leaderUser?.id ?? ''}>
                                <option value="">{t('campaign.noLogin')}</option>
                                {campaign.staff.map((s) => (
                                  <option key={s.id} value={s.id}>
                                    {s.name}
                                  </option>
                                ))}
                              </select>
                            </label>
                            <button type="submit">{t('campaign.setLeader')}</button>
                          </Form>
                        </td>
                        <td rowSpan={g.counties.length}>{g.departments.join(t('form.separator'))}</td>
                      </>
                    )}
                    <td>{c.county}</td>
                    <td>{c.enterprises.map((e) => e.name).join(t('form.separator'))}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
        <CardForm intent="import" titleId="import-title" title={t('campaign.importTitle')} hint={t('campaign.importHint')} upload>
          <label>
            {t('campaign.file')}
            <input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </label>
          <button type="submit">{t('campaign.import')}</button>
        </CardForm>
      </section>

      <section aria-labelledby="visits-title">
        <h2 id="visits-title">{t('campaign.visitsTitle')}</h2>
        <div className="grid2">
          <CardForm intent="plan" titleId="plan-title" title={t('campaign.planTitle')}>
            <EnterpriseSelect enterprises={enterprises} />
            <label>
              {t('campaign.assignee')}
              <select name="assigneeId" required>
                {campaign.staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('campaign.plannedOn')}
              <input type="date" name="plannedOn" required min={campaign.startsOn} max={campaign.endsOn} />
            </label>
            <button type="submit">{t('campaign.plan')}</button>
          </CardForm>
          <CardForm intent="record" titleId="record-title" title={t('campaign.recordTitle')}>
            <EnterpriseSelect enterprises={enterprises} />
            <label>
              {t('campaign.plannedVisit')}
              <select name="visitId" defaultValue="">
                <option value="">{t('campaign.notPlanned')}</option>
                {plannedVisits.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.enterprise.name} · {v.plannedOn} · {v.assignee?.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('campaign.visitedOn')}
              <input type="date" name="visitedOn" required />
            </label>
            <label>
              {t('campaign.visitors')}
              <input name="visitors" required maxLength={200} />
            </label>
            <fieldset>
              <legend>{t('campaign.mode')}</legend>
              <label>
                <input type="radio" name="mode" value="ON_SITE" defaultChecked /> {t('campaign.modeOnSite')}
              </label>
              <label>
                <input type="radio" name="mode" value="ONLINE" /> {t('campaign.modeOnline')}
              </label>
            </fieldset>
            <label>
              {t('campaign.policies')}
              <textarea name="policies" rows={3} />
            </label>
            <label>
              {t('campaign.problemsRaised')}
              <textarea name="problems" rows={3} />
            </label>
            <button type="submit">{t('campaign.record')}</button>
          </CardForm>
        </div>
        <Reply form="cancel" />
        {visits.visits.length === 0 ? (
          <p>{t('campaign.visitsEmpty')}</p>
        ) : (
          <table id="visits">
            <TableHead columns={[t('campaign.enterprise'), t('campaign.colStatus'), t('campaign.colDate'), t('campaign.assignee'), t('campaign.visitors'), t('campaign.mode'), t('campaign.policies'), t('campaign.problemsRaised')]} />
            <tbody>
              {visits.visits.map((v) => (
                <tr key={v.id}>
                  <td>{v.enterprise.name}</td>
                  <td>
                    {v.status === 'DONE' ? t('campaign.statusDone') : v.status === 'PLANNED' ? t('campaign.statusPlanned') : t('campaign.statusCancelled')}
                    {v.late && <span className="badge"> {t('campaign.late')}</span>}
                    {v.status === 'PLANNED' && (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="visitId" value={v.id} />
                        <button type="submit">{t('campaign.cancel')}</button>
                      </Form>
                    )}
                  </td>
                  <td>{v.visitedOn ?? v.plannedOn}</td>
                  <td>{v.assignee?.name ?? ''}</td>
                  <td>{v.visitors}</td>
                  <td>{v.mode === 'ONLINE' ? t('campaign.modeOnline') : v.mode === 'ON_SITE' ? t('campaign.modeOnSite') : ''}</td>
                  <td>{v.policies.join(t('form.separator'))}</td>
                  <td>
                    {v.problems}
                    {v.requests > 0 && <> · {t('campaign.requestsFromVisit', { n: v.requests })}</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{t('campaign.byAssigneeTitle')}</h3>
        <table id="by-assignee">
          <TableHead columns={[t('campaign.colAssignee'), t('campaign.colPlanned'), t('campaign.colDone'), t('campaign.colLate')]} />
          <tbody>
            {visits.byAssignee.map((a) => (
              <tr key={a.assignee.id}>
                <td>{a.assignee.name}</td>
                <td>{a.planned}</td>
                <td>{a.done}</td>
                <td>{a.late}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {doneVisits.length > 0 && (
          <CardForm intent="request" titleId="visit-request-title" title={t('campaign.fromVisitTitle')}>
            <ChooseSelect label={t('campaign.visit')} name="visitId" placeholder={t('campaign.chooseVisit')} options={doneVisits.map((v) => ({ value: v.id, label: `${v.enterprise.name} · ${v.visitedOn}` }))} />
            <CategorySelect />
            <label>
              {t('requests.description')}
              <textarea name="description" rows={3} required />
            </label>
            <button type="submit">{t('requests.raise')}</button>
          </CardForm>
        )}
      </section>
    </>
  )
}

function EnterpriseSelect({ enterprises }: { enterprises: { id: string; name: string; county: string }[] }) {
  const t = useT()
  return <ChooseSelect label={t('campaign.enterprise')} name="enterpriseId" placeholder={t('campaign.chooseEnterprise')} options={enterprises.map((e) => ({ value: e.id, label: `${e.name}（${e.county}）` }))} />
}

type BurnUpDay = { day: string; visited: number | null; total: number }

/** The burn-up: targets visited so far by day (a line that stops today) against all of them (the 100 % line); the table below holds the figures. */
function BurnUpChart({ burnUp }: { burnUp: BurnUpDay[] }) {
  const t = useT()
  if (burnUp.length === 0) return null
  const lastKnown = [...burnUp].reverse().find((b) => b.visited !== null)
  const option: EChartsOption = {
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: burnUp.map((b) => b.day), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t('campaign.colVisited'), data: burnUp.map((b) => b.visited), areaStyle: { opacity: 0.15 }, showSymbol: false, color: CHART_COLOURS.primary },
      { type: 'line', name: t('campaign.colTotal'), data: burnUp.map((b) => b.total), showSymbol: false, lineStyle: { type: 'dashed' }, color: CHART_COLOURS.muted },
    ],
  }
  return (
    <Chart
      testId="campaign-burn-up-chart"
      label={t('campaign.burnUpChart', { visited: lastKnown?.visited ?? 0, total: lastKnown?.total ?? burnUp[0]!.total })}
      option={option}
      tableId="burn-up"
    />
  )
}
