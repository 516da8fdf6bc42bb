// What the result and need pages share: the way back to the list, the title with its status, the review note for
// its owner and staff, the text and its facts (owner, field, keywords, the kind's own, contact, publication), and
// the owner's edit link. The page adds the rest (lifecycle buttons, matches, audit trail) as children.
import type { ReactNode } from 'react'
import { Link } from '@remix-run/react'
import { StatusBadge } from '~/components/status-badge.tsx'
import { fieldText } from '~/components/enum-text.ts'
import { useFormat, useT } from '~/i18n/react.tsx'

type Listing = {
  id: string
  title: string
  status: string
  reviewNote: string | null
  field: string
  keywords: string[]
  contactName: string
  contactPhone: string
  publishedAt: string | null
}

export function ListingDetail({
  listing,
  back,
  beforeNote,
  showReviewNote,
  text,
  owner,
  facts,
  canEdit,
  children,
}: {
  listing: Listing
  back: { to: string; label: string }
  /** Beside the title, before the review note (the watch button). */
  beforeNote?: ReactNode
  showReviewNote: boolean
  /** A need's description, a result's summary. */
  text: string
  owner: { label: string; name: string }
  /** The kind's own facts, between the keywords and the contact (dt/dd pairs). */
  facts: ReactNode
  canEdit: boolean
  children: ReactNode
}) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p>
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <h1>
        {listing.title} <StatusBadge status={listing.status} />
      </h1>
      {beforeNote}
      {showReviewNote && listing.reviewNote && (
        <p className="alert" role="status">
          {t('listingPages.common.reviewNote', { note: listing.reviewNote })}
        </p>
      )}
      <section className="card">
        <p style={{ whiteSpace: 'pre-wrap' }}>{text}</p>
        <dl className="facts">
          <dt>{owner.label}</dt>
          <dd>{owner.name}</dd>
          <dt>{t('listingPages.list.field')}</dt>
          <dd>{fieldText(t, listing.field)}</dd>
          <dt>{t('listingPages.form.keywords')}</dt>
          <dd>{listing.keywords.join(t('listingPages.common.listSeparator'))}</dd>
          {facts}
          <dt>{t('listingPages.form.contactName')}</dt>
          <dd>
            {listing.contactName} {listing.contactPhone}
          </dd>
          <dt>{t('listingPages.detail.published')}</dt>
          <dd>{f.dateTime(listing.publishedAt)}</dd>
        </dl>
      </section>
      {canEdit && (
        <p>
          <Link className="button secondary" to={`${back.to}/${listing.id}/edit`}>
            {t('listingPages.common.edit')}
          </Link>
        </p>
      )}
      {children}
    </>
  )
}
