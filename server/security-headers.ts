// Security headers by helmet, with a Content-Security-Policy whose scripts are this site's files and the inline
// scripts Remix writes, each carrying a nonce made for this response (app/entry.server.tsx puts it on them).
// Pages cannot be framed (frame-ancestors 'none' and X-Frame-Options), types are not sniffed, and the referrer
// leaves the site as its origin only.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

export type NonceLocals = { cspNonce: string }

/** Makes res.locals.cspNonce, then sets helmet's headers with it. */
export function securityHeaders(opts: { production: boolean }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  }
  const scriptNonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as ServerResponse & { locals: NonceLocals }).locals.cspNonce}'`
  return [
    nonce,
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", scriptNonce],
          // Style attributes (style={{…}}) are allowed; style elements and sheets come from this site only.
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          // Socket.IO: same host (ws:/wss: included in 'self').
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(opts.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HTTPS is the reverse proxy's business in production; a local http://127.0.0.1 must not be pinned to https.
      strictTransportSecurity: opts.production,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      xFrameOptions: { action: 'deny' },
    }),
  ]
}
