// What an outsider may send, checked once for every route before any route runs (issue 11): a foreign Origin on a
// write is a 403 (Remix's own check threw, so it was a 500), a control character in the URL is a 404 or 400 (a NUL
// byte reached PostgreSQL, which refuses it with 22021), and a form action gets a form: another content type is a
// 415, a body that does not parse is a 400, a control character in any field is a 400. Each answer is clear and
// typed; nothing reaches a loader, an action or the database. The checks per field (bidi overrides, invisible-only
// text) live in the form schemas (app/utils/text-validation.ts).
import type { ActionFunctionArgs, ServerBuild } from '@remix-run/node'
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'
import { fixedT, type Catalogue } from '../app/i18n/catalogue.ts'
import { currentT, localeFromHeaders } from '../app/utils/i18n.server.ts'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// C0 controls but tab, line feed and carriage return, and DEL: never typed into a form, never part of an id.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const CONTROL_IN_PATH = /[\u0000-\u001F\u007F]/

/** Routes that take JSON or raw bodies (the JSON API, the provider's webhook); every other action takes a form. */
export function takesForms(routeId: string): boolean {
  return !routeId.startsWith('routes/api.') && !routeId.startsWith('routes/webhooks.')
}

/** Answers in the request's language (the saved choice, else Accept-Language, else Chinese). */
function refuse(req: ExpressRequest, res: ExpressResponse, status: number, code: string, key: GuardKey): void {
  localeFromHeaders(req.headers.cookie, req.headers['accept-language']).then(
    (locale) => {
      const message = fixedT(locale)(`serverText.guards.${key}`)
      if (req.path.startsWith('/api/') || req.path.startsWith('/webhooks/')) {
        res.status(status).json({ error: { code, message } })
      } else {
        res.status(status).type('text/plain; charset=utf-8').send(message)
      }
    },
    () => res.status(status).end(),
  )
}

type GuardKey = keyof Catalogue['serverText']['guards']

function plainText(status: number, key: GuardKey): Response {
  return new Response(currentT()(`serverText.guards.${key}`), { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/**
 * A write from another site (or from an opaque origin, `Origin: null`) is refused with 403. Browsers send Origin on
 * every cross-site POST; server-to-server callers (the provider's webhook, API scripts) send none and pass.
 */
export function refuseForeignOrigin(): RequestHandler {
  return (req, res, next) => {
    if (!WRITES.has(req.method)) return next()
    const origin = req.get('Origin')
    if (origin === undefined) return next()
    const host = (req.get('X-Forwarded-Host')?.split(',')[0]?.trim() || req.get('Host')) ?? ''
    let originHost: string | null = null
    try {
      originHost = origin === 'null' ? null : new URL(origin).host
    } catch {
      originHost = null
    }
    if (originHost && originHost === host) return next()
    refuse(req, res, 403, 'cross-site', 'crossSite')
  }
}

/**
 * Every body is read into memory (forms by Remix, with their files; JSON by the API), so its size must be known and
 * bounded before anything reads it. A write whose length is not stated (chunked) is refused with 411; browsers
 * always state it for forms. A stated length above `maxBytes` is refused with 413, unread. Node's parser never
 * delivers more than the stated length.
 */
export function refuseUnboundedBodies(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!WRITES.has(req.method)) return next()
    const length = req.headers['content-length']
    if (length === undefined) return req.headers['transfer-encoding'] ? refuse(req, res, 411, 'length-required', 'lengthRequired') : next()
    if (Number(length) > maxBytes) {
      // The client may still be sending: the connection is not kept for another request.
      res.set('Connection', 'close')
      return refuse(req, res, 413, 'too-large', 'bodyTooLarge')
    }
    next()
  }
}

/** A control character anywhere in the path (an id with a NUL byte) is no page: 404. In the query: 400. */
export function refuseControlCharactersInUrl(): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const [rawPath = '', rawQuery = ''] = req.originalUrl.split(/\?(.*)/s, 2)
    let path: string
    try {
      path = decodeURIComponent(rawPath)
    } catch {
      return refuse(req, res, 400, 'bad-url', 'badUrl')
    }
    if (CONTROL_IN_PATH.test(path)) return refuse(req, res, 404, 'not-found', 'notFound')
    if (rawQuery) {
      for (const [key, value] of new URLSearchParams(rawQuery)) {
        if (CONTROL.test(key) || CONTROL.test(value)) return refuse(req, res, 400, 'bad-query', 'badQuery')
      }
    }
    next()
  }
}

type Action = (args: ActionFunctionArgs) => unknown

/** Checks a form action's body before the action reads it (the action reads its own copy). */
export async function formBodyProblem(request: Request): Promise<Response | null> {
  const type = request.headers.get('Content-Type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) {
    return plainText(415, 'notAForm')
  }
  let form: FormData
  try {
    form = await request.clone().formData()
  } catch {
    return plainText(400, 'unreadableForm')
  }
  for (const [name, value] of form) {
    if (CONTROL.test(name) || (typeof value === 'string' && CONTROL.test(value))) {
      return plainText(400, 'controlCharacters')
    }
  }
  return null
}

function guardedAction(action: Action): Action {
  return async (args) => {
    const problem = await formBodyProblem(args.request)
    if (problem) throw problem
    return action(args)
  }
}

/** The build with every form action behind formBodyProblem. The route table and modules are otherwise untouched. */
export function guardBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action as Action | undefined
    routes[id] = action && takesForms(id) ? { ...route, module: { ...route.module, action: guardedAction(action) as typeof route.module.action } } : route
  }
  return { ...build, routes }
}
