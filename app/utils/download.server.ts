// A file sent as a download: its type, and its name twice (RFC 6266): plain ASCII for clients that read only
// `filename`, the real one (Chinese, say) in UTF-8 for the others.
export type Download = { body: BodyInit; type: string; name: string; asciiName: string }

/** `cache`: no-store by default (reports, tables: figures of the moment); a person's own papers say private too. */
export function downloadResponse(file: Download, cache = 'no-store'): Response {
  return new Response(file.body, {
    headers: {
      'Content-Type': file.type,
      'Content-Disposition': `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Cache-Control': cache,
    },
  })
}
