import { Form, useActionData, useNavigation } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { useFormat, useT } from '~/i18n/react.tsx'

type Interest = {
  id: string
  message: string
  reply: string | null
  repliedAt: string | null
  createdAt: string
  enterprise: { name: string }
}
/** What the result page's action answers (`formReply` in app/utils/form-action.server.ts). */
type Reply = { ok: boolean; form?: string; interestId?: string; message?: string; field?: string } | undefined

/**
 * The interest conversation on a result: enterprises write, the owner answers.
 * Every error shows beside the control it concerns: a field's under that field,
 * one that names no field (the result was withdrawn meanwhile, not allowed…)
 * under the same form's button.
 */
export function Interests({ items, canExpress, canReply }: { items: Interest[]; canExpress: boolean; canReply: boolean }) {
  const reply = useActionData<Reply>()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const expressReply = reply?.form === 'interest' ? reply : undefined
  const expressError = expressReply?.message
  // The page is reloaded after every post: the form an error belongs to may be
  // gone by then (the result was withdrawn, the interest answered or removed).
  // Such an error is shown at the top of this section rather than lost.
  const replyFormShown = (id: string | undefined) => canReply && items.some((i) => i.id === id && !i.reply)
  const stray =
    (expressError && !canExpress ? expressError : undefined) ??
    (reply?.form === 'reply' && reply.message && !replyFormShown(reply.interestId) ? reply.message : undefined)
  if (!canExpress && items.length === 0 && !stray) return null
  return (
    <section className="card" aria-labelledby="interest-title">
      <h2 id="interest-title">{t('nav.interests')}</h2>
      {stray && (
        <p className="alert" role="alert">
          {stray}
        </p>
      )}
      {canExpress && (
        // A fresh key after a success empties the box for the next message.
        <Form method="post" key={expressReply?.ok ? `sent-${items.length}` : 'express'}>
          <CsrfInput />
          <SubmissionKeyInput />
          <div className="field">
            <label htmlFor="interest-message">{t('listingPages.interests.expressLabel')}</label>
            <textarea
              id="interest-message"
              name="message"
              rows={3}
              placeholder={t('listingPages.interests.expressPlaceholder')}
              aria-invalid={(expressError && expressReply?.field === 'message') || undefined}
              aria-describedby="interest-message-error"
            />
            <p className="error" id="interest-message-error">
              {expressReply?.field === 'message' ? expressError : null}
            </p>
          </div>
          {expressError && expressReply?.field !== 'message' && (
            <p className="alert" role="alert">
              {expressError}
            </p>
          )}
          {expressReply?.ok && (
            <p className="notice" role="status">
              {t('listingPages.interests.sent')}
            </p>
          )}
          <button type="submit" name="intent" value="interest" disabled={navigation.state !== 'idle'}>
            {t('listingPages.interests.submit')}
          </button>
        </Form>
      )}
      <ul className="list">
        {items.map((i) => {
          const mine = reply?.form === 'reply' && reply.interestId === i.id ? reply : undefined
          return (
            <li key={i.id}>
              <div className="meta">
                <span>{i.enterprise.name}</span>
                <span>{f.dateTime(i.createdAt)}</span>
              </div>
              <p>{i.message}</p>
              {i.reply ? (
                <p className="notice">
                  {t('listingPages.interests.replied', { at: f.dateTime(i.repliedAt), reply: i.reply })}
                </p>
              ) : canReply ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="interestId" value={i.id} />
                  <div className="row">
                    <label htmlFor={`reply-${i.id}`} className="sr-only">
                      {t('listingPages.interests.replyTo', { name: i.enterprise.name })}
                    </label>
                    <input
                      id={`reply-${i.id}`}
                      name="reply"
                      placeholder={t('listingPages.interests.replyPlaceholder')}
                      style={{ flex: 1 }}
                      aria-invalid={mine?.message ? true : undefined}
                      aria-describedby={`reply-${i.id}-error`}
                    />
                    <button type="submit" name="intent" value="reply" disabled={navigation.state !== 'idle'}>
                      {t('listingPages.interests.reply')}
                    </button>
                  </div>
                  {/* A reply has one field, so every error about it belongs beside that field. */}
                  <p className="error" id={`reply-${i.id}-error`} role={mine?.message ? 'alert' : undefined}>
                    {mine?.message ?? null}
                  </p>
                </Form>
              ) : (
                <p className="meta">{t('listingPages.interests.waiting')}</p>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
