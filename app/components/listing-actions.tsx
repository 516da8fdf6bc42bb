import { Form, useActionData, useNavigation } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { ACTION_LABELS, STATUS_LABELS, type ListingAction } from '~/domain/listing-status.ts'
import { formatDateTime } from '~/utils/format.ts'

type ActionReply = { form?: string; message?: string; field?: string } | undefined

/** The lifecycle buttons the domain allows for this viewer; a reason box when one may be needed. */
export function ListingActions({ actions, askReason }: { actions: ListingAction[]; askReason: boolean }) {
  const data = useActionData<ActionReply>()
  // Replies to another form of the page (interest, a reply) are shown there, not here.
  const reply = data && (data.form ?? 'lifecycle') === 'lifecycle' ? data : undefined
  const navigation = useNavigation()
  if (actions.length === 0) return null
  return (
    <Form method="post" className="card" aria-label="操作">
      <CsrfInput />
      {reply?.message && !(askReason && reply.field === 'reason') && (
        <p className="alert" role="alert">
          {reply.message}
        </p>
      )}
      {askReason && (
        <div className="field">
          <label htmlFor="reason">原因（退回或撤回时必填，申报单位可见）</label>
          <textarea id="reason" name="reason" rows={3} aria-invalid={reply?.field === 'reason' || undefined} aria-describedby="reason-error" />
          <p className="error" id="reason-error">
            {reply?.field === 'reason' ? reply.message : null}
          </p>
        </div>
      )}
      <div className="row">
        {actions.map((a) => (
          <button
            key={a}
            type="submit"
            name="intent"
            value={a}
            className={a === 'withdraw' || a === 'close' || a === 'return' ? 'secondary' : undefined}
            disabled={navigation.state !== 'idle'}
          >
            {ACTION_LABELS[a]}
          </button>
        ))}
      </div>
    </Form>
  )
}

const label = (status: string | null) => (status ? (STATUS_LABELS[status] ?? status) : '—')
const AUDIT_ACTION_LABELS: Record<string, string> = { ...ACTION_LABELS, create: '创建', edit: '修改', seed: '导入演示数据' }

type AuditRow = { id: string; at: string; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null; actor: string | null }

export function AuditTrail({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return null
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">处理记录</h2>
      <table>
        <thead>
          <tr>
            <th>时间</th>
            <th>操作人</th>
            <th>操作</th>
            <th>状态</th>
            <th>原因</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.at)}</td>
              <td>{r.actor ?? '系统'}</td>
              <td>{AUDIT_ACTION_LABELS[r.action.split('.')[1] ?? ''] ?? r.action}</td>
              <td>{r.fromStatus || r.toStatus ? `${label(r.fromStatus)} → ${label(r.toStatus)}` : ''}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
