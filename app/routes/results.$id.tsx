import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Interests } from '~/components/interests.tsx'
import { AuditTrail, ListingActions } from '~/components/listing-actions.tsx'
import { MatchedNeeds } from '~/components/match-list.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { isOpenResult, isOwner, isPublicResult, isStaff } from '~/domain/access.ts'
import { fieldLabel } from '~/domain/fields.ts'
import { IP_KIND_LABELS, MATURITY_LABELS, TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { availableResultActions, isEditableByOwner } from '~/domain/listing-status.ts'
import { formatFen } from '~/domain/money.ts'
import { expressInterest, interestsForResult, replyToInterest } from '~/services/interests.server.ts'
import { matchesForResult, recordResultView } from '~/services/matching.server.ts'
import { getResult, transitionResult } from '~/services/results.server.ts'
import { getCurrentUser, requireUser } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { auditRows } from '~/services/audit.server.ts'
import { formReply } from '~/utils/form-action.server.ts'
import { readLifecycleForm, type ReplyTarget } from '~/utils/listing-route.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { isWatching } from '~/services/notifications.server.ts'
import { WatchButton } from '~/components/watch-button.tsx'
import { submissionKeyOf } from '~/utils/submission-key.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.result.title ?? '科技成果'} · 科技成果交易市场` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const result = await orRespond(getResult(db, user, params.id!))
  const viewerIsOwner = user ? isOwner(user, result.owner.id) : false
  const viewerIsStaff = user ? isStaff(user) : false
  const by = viewerIsStaff ? 'staff' : viewerIsOwner ? 'owner' : null
  const [matches, interests, , watching] = await Promise.all([
    by || isOpenResult(result.status) ? matchesForResult(db, user, result.id, 8) : [],
    interestsForResult(db, user, result.id),
    isPublicResult(result.status) ? recordResultView(db, user, { id: result.id, ownerId: result.owner.id }) : null,
    user ? isWatching(db, user.userId, { resultId: result.id }) : null,
  ])
  return {
    result,
    watching,
    matches,
    interests,
    canExpressInterest: user?.role === 'ENTERPRISE' && isOpenResult(result.status),
    canReply: viewerIsOwner,
    actions: by ? availableResultActions(result.status, by) : [],
    canEdit: viewerIsOwner && isEditableByOwner(result.status),
    askReason: viewerIsStaff,
    audit: by ? await auditRows(db, 'ResearchResult', result.id) : [],
    showReviewNote: by !== null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const intent = formData.get('intent')
  const text = (name: string) => {
    const v = formData.get(name)
    return typeof v === 'string' ? v : ''
  }
  if (intent === 'interest') return formReply(async () => void (await expressInterest(db, user, params.id!, text('message'), new Date(), { submissionKey: submissionKeyOf(formData) })), { form: 'interest' } as ReplyTarget)
  if (intent === 'reply') {
    const interestId = text('interestId')
    return formReply(async () => void (await replyToInterest(db, user, interestId, text('reply'), new Date(), { resultId: params.id! })), { form: 'reply', interestId } as ReplyTarget)
  }
  const lifecycle = await readLifecycleForm(formData)
  return formReply(async () => void (await transitionResult(db, user, params.id!, lifecycle.intent, lifecycle.reason, new Date())), { form: 'lifecycle' } as ReplyTarget)
}

export default function ResultDetail() {
  const { result: r, actions, canEdit, askReason, audit, showReviewNote, matches, interests, canExpressInterest, canReply, watching } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/results">← 科技成果</Link>
      </p>
      <h1>
        {r.title} <StatusBadge status={r.status} />
      </h1>
      {watching !== null && <WatchButton target={{ resultId: r.id }} watching={watching} />}
      {showReviewNote && r.reviewNote && (
        <p className="alert" role="status">
          审核意见：{r.reviewNote}
        </p>
      )}
      <section className="card">
        <p style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</p>
        <dl className="facts">
          <dt>成果单位</dt>
          <dd>{r.owner.name}</dd>
          <dt>产业链</dt>
          <dd>{fieldLabel(r.field)}</dd>
          <dt>关键词</dt>
          <dd>{r.keywords.join('、')}</dd>
          <dt>知识产权</dt>
          <dd>
            {IP_KIND_LABELS[r.ipKind]} {r.ipNumbers.join('、')}
          </dd>
          <dt>成熟度</dt>
          <dd>{MATURITY_LABELS[r.maturity]}</dd>
          <dt>转化方式</dt>
          <dd>{r.transferModes.map((m) => TRANSFER_MODE_LABELS[m]).join('、')}</dd>
          <dt>挂牌价格</dt>
          <dd className="price">{r.askingPriceFen === null ? '面议' : formatFen(r.askingPriceFen)}</dd>
          <dt>联系人</dt>
          <dd>
            {r.contactName} {r.contactPhone}
          </dd>
          <dt>发布时间</dt>
          <dd>{formatDateTime(r.publishedAt)}</dd>
        </dl>
      </section>
      {canEdit && (
        <p>
          <Link className="button secondary" to={`/results/${r.id}/edit`}>
            修改
          </Link>
        </p>
      )}
      <ListingActions actions={actions} askReason={askReason} />
      <Interests items={interests} canExpress={canExpressInterest} canReply={canReply} />
      {matches.length > 0 && <MatchedNeeds items={matches} />}
      <AuditTrail rows={audit} />
    </>
  )
}
