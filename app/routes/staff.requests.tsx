// The bureau's queue of enterprise requests (诉求): overdue first, then open, then closed.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { TableHead } from '~/components/table-head.tsx'
import { REQUEST_STATUSES } from '~/domain/service-requests.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { requestQueue } from '~/services/service-requests.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { QueueFilterSchema } from '~/utils/campaign-validation.ts'
import { getDb } from '~/utils/db.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${t('requests.queueTitle')} · ${t('app.name')}` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const filter = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filter, requests: await orRespond(requestQueue(db, staff, filter, new Date())) }
}

export default function RequestQueue() {
  const { filter, requests } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <h1>{t('requests.queueTitle')}</h1>
      <p>{t('requests.queueIntro')}</p>
      <Form method="get" className="filters">
        <label>
          {t('requests.filterStatus')}
          <select name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('requests.filterAll')}</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`requests.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue} /> {t('requests.filterOverdue')}
        </label>
        <button type="submit">{t('requests.filter')}</button>
      </Form>
      {requests.length === 0 ? (
        <p>{t('requests.queueEmpty')}</p>
      ) : (
        <table id="request-queue">
          <TableHead columns={[t('requests.colCreated'), t('requests.colEnterprise'), t('requests.colCategory'), t('requests.colDescription'), t('requests.colStatus'), t('requests.colDepartment'), t('requests.colDeadline')]} />
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>{f.dateTime(r.createdAt)}</td>
                <td>{r.enterprise.name}</td>
                <td>{t(`requests.categories.${r.category}`)}</td>
                <td>
                  <Link to={`/staff/requests/${r.id}`}>{r.description.length > 40 ? `${r.description.slice(0, 40)}…` : r.description}</Link>
                </td>
                <td>
                  {t(`requests.statuses.${r.status}`)}
                  {r.overdue && <span className="badge"> {t('requests.overdue')}</span>}
                  {r.escalated && r.overdue && <span className="badge"> {t('requests.escalated')}</span>}
                </td>
                <td>{r.department ?? ''}</td>
                <td>{r.deadline ? f.dateTime(r.deadline) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
