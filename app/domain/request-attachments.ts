// The files an enterprise may attach to a request (诉求, decision 017): how many, how large, which kinds. The kind is
// decided from the name's extension AND the first bytes of the content, so a renamed executable is not served as a
// PDF; the content type we serve is ours, never the browser's. Pure: the form (browser) and the service share it.

export const MAX_ATTACHMENT_FILES = 5
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
export const MAX_ATTACHMENT_NAME = 120
/** A request's body may carry this many bytes at most (the files and the form's text); larger is refused unread. */
export const MAX_REQUEST_BODY_BYTES = MAX_ATTACHMENT_FILES * MAX_ATTACHMENT_BYTES + 256 * 1024

type Kind = { contentType: string; magic: (head: Uint8Array) => boolean }

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b)
const ZIP = (head: Uint8Array) => startsWith(head, [0x50, 0x4b, 0x03, 0x04])
const PDF = (head: Uint8Array) => startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])
const PNG = (head: Uint8Array) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG = (head: Uint8Array) => startsWith(head, [0xff, 0xd8, 0xff])
/** Plain text: UTF-8 without NUL or other control characters than tab, line feed and carriage return. */
function TEXT(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)
}

export const ATTACHMENT_KINDS: Record<string, Kind> = {
  pdf: { contentType: 'application/pdf', magic: PDF },
  png: { contentType: 'image/png', magic: PNG },
  jpg: { contentType: 'image/jpeg', magic: JPEG },
  jpeg: { contentType: 'image/jpeg', magic: JPEG },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  txt: { contentType: 'text/plain; charset=utf-8', magic: TEXT },
}

/** For the file input's `accept`. */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_KINDS)
  .map((e) => `.${e}`)
  .join(',')

export type AttachmentProblem = 'too-many' | 'empty' | 'too-large' | 'name' | 'type' | 'content'

/** The name without any path (some browsers send one), trimmed. */
export function attachmentBaseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').trim()
}

/**
 * Whether a file may be attached, and as what. `bytes` is the whole file (text is checked whole; the other kinds by
 * their first bytes).
 */
export function checkAttachment(name: string, bytes: Uint8Array): { ok: true; name: string; contentType: string } | { ok: false; problem: AttachmentProblem } {
  const base = attachmentBaseName(name)
  if (!base || base.length > MAX_ATTACHMENT_NAME || /[\u0000-\u001f\u007f"]/.test(base)) return { ok: false, problem: 'name' }
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, problem: 'too-large' }
  const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase() ?? ''
  const kind = Object.hasOwn(ATTACHMENT_KINDS, ext) ? ATTACHMENT_KINDS[ext] : undefined
  if (!kind) return { ok: false, problem: 'type' }
  if (!kind.magic(bytes)) return { ok: false, problem: 'content' }
  return { ok: true, name: base, contentType: kind.contentType }
}
