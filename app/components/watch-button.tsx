import { Form, useLocation } from '@remix-run/react'
import { useT } from '~/i18n/react.tsx'
import { CsrfInput } from './csrf-input.tsx'

/** 收藏 / 取消收藏 for a lot or a result; posts to /watch and comes back here. */
export function WatchButton({ target, watching }: { target: { lotId: string } | { resultId: string }; watching: boolean }) {
  const location = useLocation()
  const t = useT()
  return (
    <Form method="post" action="/watch" className="inline">
      <CsrfInput />
      {'lotId' in target ? <input type="hidden" name="lotId" value={target.lotId} /> : <input type="hidden" name="resultId" value={target.resultId} />}
      <input type="hidden" name="watching" value={watching ? '0' : '1'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" aria-pressed={watching}>
        {watching ? t('auctionPages.watch.watching') : t('auctionPages.watch.watch')}
      </button>
    </Form>
  )
}
