// A form that asks before it commits (a payment, a refund, a cancellation, an approval): the first press of a submit
// button opens an inline "are you sure" step inside the form (role="alertdialog", focus on 确认, Esc or 取消 closes it);
// 确认 then submits with the same button (so its name/value, e.g. intent, are kept). Without JavaScript the form
// posts as it is. One pattern for every consequential action instead of window.confirm scattered around.
import { Form, type FormProps } from '@remix-run/react'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useFormat, useT } from '~/i18n/react.tsx'

type ConfirmFormProps = FormProps & {
  /**
   * The question (or a function of the form and the button pressed, for an amount typed into it or a question per
   * button); null or empty submits at once.
   */
  question: ReactNode | ((form: HTMLFormElement, submitter: HTMLElement | null) => ReactNode) | null
  /** The label of the confirming button (default 确认). */
  confirmLabel?: string
}

export function ConfirmForm({ question, confirmLabel, children, onSubmit, ...props }: ConfirmFormProps) {
  const t = useT()
  const formRef = useRef<HTMLFormElement>(null)
  const confirmed = useRef(false)
  const submitter = useRef<HTMLElement | null>(null)
  const [asking, setAsking] = useState<ReactNode | null>(null)
  const yesRef = useRef<HTMLButtonElement>(null)
  const id = useId()
  useEffect(() => {
    if (asking !== null) yesRef.current?.focus()
  }, [asking])

  function close() {
    setAsking(null)
    submitter.current?.focus()
  }

  return (
    <Form
      {...props}
      ref={formRef}
      onSubmit={(event) => {
        // The form's own check (conform's validation) first: an invalid form is not asked about.
        onSubmit?.(event)
        if (event.defaultPrevented) return
        if (confirmed.current) {
          confirmed.current = false
          return
        }
        const by = ((event.nativeEvent as SubmitEvent).submitter as HTMLElement | null) ?? null
        const asked = typeof question === 'function' ? question(event.currentTarget, by) : question
        if (asked === null || asked === undefined || asked === '' || asked === false) return
        event.preventDefault()
        submitter.current = by
        setAsking(asked)
      }}
    >
      {children}
      {asking !== null && (
        <div
          className="confirm-money"
          role="alertdialog"
          aria-modal="false"
          aria-labelledby={`${id}-q`}
          data-testid="confirm-step"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close()
          }}
        >
          <p id={`${id}-q`}>{asking}</p>
          <div className="row">
            <button
              type="button"
              ref={yesRef}
              data-testid="confirm-yes"
              onClick={() => {
                setAsking(null)
                confirmed.current = true
                const by = submitter.current
                if (by && by instanceof HTMLButtonElement) formRef.current?.requestSubmit(by)
                else formRef.current?.requestSubmit()
              }}
            >
              {confirmLabel ?? t('common.confirm')}
            </button>
            <button type="button" className="secondary" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </Form>
  )
}

/** An amount as the confirmations show it: exact 元 and 万元 in Chinese; in English both read "CNY …", so once. */
export function useAmountBoth() {
  const f = useFormat()
  const t = useT()
  return (fen: number) => (f.locale === 'en' ? f.moneyExact(fen) : t('confirmations.amountBoth', { exact: f.moneyExact(fen), wan: f.money(fen) }))
}
