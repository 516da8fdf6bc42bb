// A form that asks before it commits (a selection, a withdrawal, a payment recorded): the browser's own dialog, so
// it works with a keyboard and a screen reader; without JavaScript the form posts as it is.
import { Form, type FormProps } from '@remix-run/react'

export function ConfirmForm({ question, children, ...props }: FormProps & { question: string }) {
  return (
    <Form
      {...props}
      onSubmit={(event) => {
        if (!window.confirm(question)) event.preventDefault()
      }}
    >
      {children}
    </Form>
  )
}
