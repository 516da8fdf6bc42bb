// The small forms of a table row or a list item: one button that posts the row's id, or the same with a reason
// box, each also as a money decision asked about first (ConfirmForm); and the notice a page shows for the reply of
// such a form.
import { Form } from '@remix-run/react'
import { ConfirmForm } from '~/components/confirm-form.tsx'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { useMessage } from '~/i18n/react.tsx'

type RowForm = {
  /** The hidden field naming the row, and its value. */
  row: { name: string; id: string }
  intent: string
  label: string
}

/** One button posting `intent` for the row. */
export function RowButtonForm({ row, intent, label }: RowForm) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name={row.name} value={row.id} />
      <button type="submit" name="intent" value={intent}>
        {label}
      </button>
    </Form>
  )
}

/** A reason (required, two characters at least) and the button posting `intent` for the row. */
export function RowReasonForm({ row, intent, label, reasonLabel }: RowForm & { reasonLabel: string }) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name={row.name} value={row.id} />
      <label>
        {reasonLabel} <input type="text" name="reason" required minLength={2} />
      </label>{' '}
      <button type="submit" name="intent" value={intent}>
        {label}
      </button>
    </Form>
  )
}

/**
 * A decision on the row that is asked about first (`question`, e.g. with its amount): one button or, with
 * `reasonLabel`, a reason (required, 2–500 characters) and the button.
 */
export function ConfirmRowForm({
  row,
  intent,
  label,
  question,
  reasonLabel,
}: RowForm & { question: string | null; reasonLabel?: string }) {
  return (
    <ConfirmForm method="post" className="inline" question={question}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={row.name} value={row.id} />
      {reasonLabel && (
        <>
          <label>
            {reasonLabel} <input name="reason" required minLength={2} maxLength={500} />
          </label>{' '}
        </>
      )}
      <button type="submit">{label}</button>
    </ConfirmForm>
  )
}

/** The reply of a small form (formReply's): its message, as a notice or, refused, an alert. */
export function ReplyNotice({ reply }: { reply: object | undefined }) {
  const message = useMessage()
  const text = reply && 'message' in reply ? reply.message : undefined
  if (typeof text !== 'string' || !text) return null
  return (
    <p className={reply && 'ok' in reply && reply.ok === false ? 'alert' : 'notice'} role="status">
      {message(text)}
    </p>
  )
}
