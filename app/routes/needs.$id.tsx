import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditTrail, ListingActions } from '~/components/listing-actions.tsx'
import { MatchedResults } from '~/components/match-list.tsx'
import { StatusBadge } from '~/components/status-badge.tsx'
import { isOpenNeed, isOwner, isStaff } from '~/domain/access.ts'
import { fieldText } from '~/components/enum-text.ts'
import { availableNeedActions, isEditableByOwner } from '~/domain/listing-status.ts'
import { matchesForNeed } from '~/services/matching.server.ts'
import { canPostChallenge, challengeIdOfNeed } from '~/services/challenges.server.ts'
import { getNeed, transitionNeed } from '~/services/needs.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { getCurrentUser, requireUser } from '~/utils/auth.server.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { validateCsrf } from '~/utils/csrf.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { auditRows } from '~/services/audit.server.ts'
import { formReply } from '~/utils/form-action.server.ts'
import { readLifecycleForm, type ReplyTarget } from '~/utils/listing-route.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.need.title ?? t('nav.needs')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const need = await orRespond(getNeed(db, user, params.id!))
  const viewerIsOwner = user ? isOwner(user, need.enterprise.id) : false
  const by = user && isStaff(user) ? 'staff' : viewerIsOwner ? 'owner' : null
  return {
    need,
    matches: by || isOpenNeed(need.status) ? await matchesForNeed(db, user, need.id, 8) : [],
    actions: by ? availableNeedActions(need.status, by) : [],
    canEdit: viewerIsOwner && isEditableByOwner(need.status),
    challenge: { postAs: await canPostChallenge(db, user, need.id), id: await challengeIdOfNeed(db, need.id) },
    askReason: by === 'staff',
    audit: by ? await auditRows(db, 'TechnicalNeed', need.id) : [],
    showReviewNote: by !== null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { intent, reason } = await readLifecycleForm(formData)
  return formReply(async () => void (await transitionNeed(db, user, params.id!, intent, reason, new Date())), { form: 'lifecycle' } as ReplyTarget)
}

export default function NeedDetail() {
  const { need: n, actions, canEdit, askReason, audit, showReviewNote, matches, challenge } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const budgetText = useBudgetText()
  const and = t('listingPages.common.listSeparator')
  return (
    <>
      <p>
        <Link to="/needs">← {t('nav.needs')}</Link>
      </p>
      <h1>
        {n.title} <StatusBadge status={n.status} />
      </h1>
      {showReviewNote && n.reviewNote && (
        <p className="alert" role="status">
          {t('listingPages.common.reviewNote', { note: n.reviewNote })}
        </p>
      )}
      <section className="card">
        <p style={{ whiteSpace: 'pre-wrap' }}>{n.description}</p>
        <dl className="facts">
          <dt>{t('listingPages.detail.enterprise')}</dt>
          <dd>
            {t('listingPages.detail.withCounty', { name: n.enterprise.name, county: n.enterprise.county })}
          </dd>
          <dt>{t('listingPages.list.field')}</dt>
          <dd>{fieldText(t, n.field)}</dd>
          <dt>{t('listingPages.form.keywords')}</dt>
          <dd>{n.keywords.join(and)}</dd>
          <dt>{t('listingPages.detail.budget')}</dt>
          <dd className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</dd>
          <dt>{t('listingPages.detail.wantedBy')}</dt>
          <dd>{f.date(n.wantedBy)}</dd>
          <dt>{t('listingPages.list.mode')}</dt>
          <dd>{n.acceptedModes.map((m) => t(`enums.transferMode.${m}`)).join(and)}</dd>
          <dt>{t('listingPages.form.contactName')}</dt>
          <dd>
            {n.contactName} {n.contactPhone}
          </dd>
          <dt>{t('listingPages.detail.published')}</dt>
          <dd>{f.dateTime(n.publishedAt)}</dd>
        </dl>
      </section>
      {canEdit && (
        <p>
          <Link className="button secondary" to={`/needs/${n.id}/edit`}>
            {t('listingPages.common.edit')}
          </Link>
        </p>
      )}
      {(challenge.id || challenge.postAs) && (
        <p>
          {challenge.id ? (
            <Link to={`/challenges/${challenge.id}`}>{t('challenges.viewChallenge')}</Link>
          ) : (
            <Link className="button secondary" to={`/needs/${n.id}/challenge`}>
              {t('challenges.postLink')}
            </Link>
          )}
        </p>
      )}
      <ListingActions actions={actions} askReason={askReason} title={n.title} />
      <MatchedResults items={matches} />
      <AuditTrail rows={audit} />
    </>
  )
}
