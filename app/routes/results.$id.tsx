import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Interests } from '~/components/interests.tsx'
import { AuditTrail, ListingActions } from '~/components/listing-actions.tsx'
import { MatchedNeeds } from '~/components/match-list.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { isOpenResult, isOwner, isPublicResult, isStaff } from '~/domain/access.ts'
import { fieldText } from '~/components/enum-text.ts'
import { availableResultActions, isEditableByOwner } from '~/domain/listing-status.ts'
import { expressInterest, interestsForResult, replyToInterest } from '~/services/interests.server.ts'
import { matchesForResult, recordResultView } from '~/services/matching.server.ts'
import { getResult, transitionResult } from '~/services/results.server.ts'
import { getCurrentUser, requireUser } from '~/utils/auth.server.ts'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { auditRows } from '~/services/audit.server.ts'
import { formReply } from '~/utils/form-action.server.ts'
import { readLifecycleForm, type ReplyTarget } from '~/utils/listing-route.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { isWatching } from '~/services/notifications.server.ts'
import { WatchButton } from '~/components/watch-button.tsx'
import { submissionKeyOf } from '~/utils/submission-key.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.result.title ?? t('nav.results')} · ${t('app.name')}` }]
}

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
  const t = useT()
  const f = useFormat()
  const and = t('listingPages.common.listSeparator')
  return (
    <>
      <p>
        <Link to="/results">← {t('nav.results')}</Link>
      </p>
      <h1>
        {r.title} <StatusBadge status={r.status} />
      </h1>
      {watching !== null && <WatchButton target={{ resultId: r.id }} watching={watching} />}
      {showReviewNote && r.reviewNote && (
        <p className="alert" role="status">
          {t('listingPages.common.reviewNote', { note: r.reviewNote })}
        </p>
      )}
      <section className="card">
        <p style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</p>
        <dl className="facts">
          <dt>{t('listingPages.detail.owner')}</dt>
          <dd>{r.owner.name}</dd>
          <dt>{t('listingPages.list.field')}</dt>
          <dd>{fieldText(t, r.field)}</dd>
          <dt>{t('listingPages.form.keywords')}</dt>
          <dd>{r.keywords.join(and)}</dd>
          <dt>{t('listingPages.list.ipKind')}</dt>
          <dd>
            {t(`enums.ipKind.${r.ipKind}`)} {r.ipNumbers.join(and)}
          </dd>
          <dt>{t('listingPages.form.maturity')}</dt>
          <dd>{t(`enums.maturity.${r.maturity}`)}</dd>
          <dt>{t('listingPages.form.transferModes')}</dt>
          <dd>{r.transferModes.map((m) => t(`enums.transferMode.${m}`)).join(and)}</dd>
          <dt>{t('listingPages.detail.askingPrice')}</dt>
          <dd className="price">{r.askingPriceFen === null ? t('listingPages.common.negotiable') : f.money(r.askingPriceFen)}</dd>
          <dt>{t('listingPages.form.contactName')}</dt>
          <dd>
            {r.contactName} {r.contactPhone}
          </dd>
          <dt>{t('listingPages.detail.published')}</dt>
          <dd>{f.dateTime(r.publishedAt)}</dd>
        </dl>
      </section>
      {canEdit && (
        <p>
          <Link className="button secondary" to={`/results/${r.id}/edit`}>
            {t('listingPages.common.edit')}
          </Link>
        </p>
      )}
      <ListingActions actions={actions} askReason={askReason} title={r.title} />
      <Interests items={interests} canExpress={canExpressInterest} canReply={canReply} />
      {matches.length > 0 && <MatchedNeeds items={matches} />}
      <AuditTrail rows={audit} />
    </>
  )
}
