// The Content-Security-Policy nonce of this response (server/security-headers.ts makes it): entry.server provides it,
// root's <Scripts>/<ScrollRestoration> put it on Remix's inline scripts. In the browser it is '' (React does not
// compare nonces while hydrating, and the browser hides them from the DOM anyway).
import { createContext, createElement, useContext, type ReactNode } from 'react'

const NonceContext = createContext('')

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return createElement(NonceContext.Provider, { value }, children)
}

export function useNonce(): string {
  return useContext(NonceContext)
}
