// E-mail: nodemailer over real SMTP. With SMTP_URL the mail goes to that
// server; without it, the web process runs a small development mail server
// (smtp-server, from the nodemailer project) on 127.0.0.1:DEV_SMTP_PORT that
// keeps the last messages in memory for the page /dev/mail, and every
// process (web, `npm run workers`) sends to it over SMTP like to a real one
// (docs/decisions/012-notifications-and-the-public-record.md says why not maildev).
import { createTransport, type Transporter } from 'nodemailer'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { singleton } from './singleton.server.ts'
import { getEnv, type Env } from './env.server.ts'

export type MailSettings = { url: string; from: string; isDev: boolean }

export const DEFAULT_DEV_SMTP_PORT = 1025

export function mailSettings(env: Pick<Env, 'MAIL_FROM' | 'SMTP_URL' | 'DEV_SMTP_PORT'> = getEnv()): MailSettings {
  const from = env.MAIL_FROM || '科技成果交易市场 <noreply@kjj.example>'
  if (env.SMTP_URL) return { url: env.SMTP_URL, from, isDev: false }
  return { url: `smtp://127.0.0.1:${env.DEV_SMTP_PORT ?? DEFAULT_DEV_SMTP_PORT}`, from, isDev: true }
}

/** `fromName`: the sender's display name in the recipient's language (the address stays MAIL_FROM's). */
export type OutgoingMail = { to: string; subject: string; text: string; html?: string; messageId: string; fromName?: string }

/** MAIL_FROM's address, without its display name. */
function fromAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim()
}

export type Mailer = { send(mail: OutgoingMail): Promise<{ accepted: string[]; response: string }>; close(): void }

export function createMailer(settings: MailSettings = mailSettings()): Mailer {
  // No pooling: a delivery job is one message, and a broken connection must fail that job, not a later one.
  const transport: Transporter = createTransport(settings.url, { from: settings.from })
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: mail.fromName ? { name: mail.fromName, address: fromAddress(settings.from) } : settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // The notification's id: a receiving system that sees the same message twice can drop the second.
        messageId: mail.messageId,
      })
      return { accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)), response: info.response ?? '' }
    },
    close: () => transport.close(),
  }
}

const holder = singleton('mail', () => ({ mailer: undefined as Mailer | undefined, devMailbox: undefined as StoredMail[] | undefined }))

/** The process's mailer (one per process: the Remix build carries its own copy of this module). */
export function getMailer(): Mailer {
  holder.mailer ??= createMailer()
  return holder.mailer
}

export type StoredMail = { id: number; receivedAt: string; from: string; to: string[]; subject: string; text: string; messageId: string | null }

/** What the development mail server received, newest first. */
export function devMailbox(): StoredMail[] {
  return holder.devMailbox ?? []
}

export type RunningMailServer = { port: number; messages: StoredMail[]; close(): Promise<void> }

/**
 * A real SMTP server on loopback that parses and keeps what it receives (at most `keep`, newest first).
 * `reject(n, messageId)` lets a test make a message fail with a temporary error, as a mail server that is down would.
 */
export async function startMailServer(opts: { port?: number; keep?: number; reject?: (n: number, messageId: string | null) => boolean; shareAsDevMailbox?: boolean } = {}): Promise<RunningMailServer> {
  const messages: StoredMail[] = []
  if (opts.shareAsDevMailbox) holder.devMailbox = messages
  let count = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'kjj development mail',
    onData(stream, session, callback) {
      const n = ++count
      simpleParser(stream)
        .then((parsed) => {
          if (opts.reject?.(n, parsed.messageId ?? null)) return callback(Object.assign(new Error('mail server unavailable, try again later'), { responseCode: 451 }))
          messages.unshift({
            id: n,
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? null,
          })
          if (messages.length > (opts.keep ?? 500)) messages.length = opts.keep ?? 500
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  server.on('error', (error) => console.error(`mail server: ${error.message}`))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0)
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
