// The browser tests' `test`: every page of every context a test opens (its own `page`, and contexts or pages made with
// `browser.newContext()` / `browser.newPage()`) is watched for Content-Security-Policy violations, both the DOM's
// `securitypolicyviolation` events and Chromium's console reports; a test whose pages broke the policy fails.
import { test as base, type BrowserContext } from '@playwright/test'

export { expect, type Browser, type Page } from '@playwright/test'

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const violations: string[] = []
      const watch = async (ctx: BrowserContext) => {
        await ctx.exposeBinding('__reportCspViolation', (_source, text: string) => void violations.push(text))
        await ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            const report = (window as unknown as { __reportCspViolation?: (t: string) => void }).__reportCspViolation
            report?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`)
          })
        })
        ctx.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text())
        })
      }
      await watch(context)
      const newContext = browser.newContext.bind(browser)
      const newPage = browser.newPage.bind(browser)
      browser.newContext = async (options) => {
        const ctx = await newContext(options)
        await watch(ctx)
        return ctx
      }
      browser.newPage = async (options) => {
        const ctx = await newContext(options)
        await watch(ctx)
        const page = await ctx.newPage()
        page.once('close', () => void ctx.close().catch(() => undefined))
        return page
      }
      try {
        await use(violations)
      } finally {
        browser.newContext = newContext
        browser.newPage = newPage
      }
      if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`)
    },
    { auto: true },
  ],
})
