import { Form, useActionData } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { formatDateTime } from '~/utils/format.ts'

type Interest = {
  id: string
  message: string
  reply: string | null
  repliedAt: string | null
  createdAt: string
  enterprise: { name: string }
}
type Reply = { error?: string; field?: string } | undefined

/** The interest conversation on a result: enterprises write, the owner answers. */
export function Interests({ items, canExpress, canReply }: { items: Interest[]; canExpress: boolean; canReply: boolean }) {
  const reply = useActionData<Reply>()
  if (!canExpress && items.length === 0) return null
  return (
    <section className="card" aria-labelledby="interest-title">
      <h2 id="interest-title">合作意向</h2>
      {canExpress && (
        <Form method="post">
          <CsrfInput />
          <div className="field">
            <label htmlFor="interest-message">向成果单位表达合作意向</label>
            <textarea
              id="interest-message"
              name="message"
              rows={3}
              placeholder="说明贵企业的应用场景、期望的合作方式和时间"
              aria-invalid={reply?.field === 'message' || undefined}
              aria-describedby="interest-message-error"
            />
            <p className="error" id="interest-message-error">
              {reply?.field === 'message' ? reply.error : null}
            </p>
          </div>
          <button type="submit" name="intent" value="interest">
            提交意向
          </button>
        </Form>
      )}
      <ul className="list">
        {items.map((i) => (
          <li key={i.id}>
            <div className="meta">
              <span>{i.enterprise.name}</span>
              <span>{formatDateTime(i.createdAt)}</span>
            </div>
            <p>{i.message}</p>
            {i.reply ? (
              <p className="notice">
                回复（{formatDateTime(i.repliedAt)}）：{i.reply}
              </p>
            ) : canReply ? (
              <Form method="post" className="row">
                <CsrfInput />
                <input type="hidden" name="interestId" value={i.id} />
                <label htmlFor={`reply-${i.id}`} className="sr-only">
                  回复 {i.enterprise.name}
                </label>
                <input id={`reply-${i.id}`} name="reply" placeholder="回复该企业" style={{ flex: 1 }} />
                <button type="submit" name="intent" value="reply">
                  回复
                </button>
              </Form>
            ) : (
              <p className="meta">等待成果单位回复</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
