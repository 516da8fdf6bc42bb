// One object per process, whatever copy of a module asks for it. The Remix
// server build carries its own copy of every module it imports, server/index.ts
// and the workers another, and dev reloads make more: a module-level variable
// would give each copy its own database client, queue or index. The value is
// made on first use and kept on globalThis under its name.
const store = ((globalThis as typeof globalThis & { __kjjSingletons?: Map<string, unknown> }).__kjjSingletons ??= new Map<string, unknown>())

export function singleton<T>(name: string, make: () => T): T {
  if (!store.has(name)) store.set(name, make())
  return store.get(name) as T
}
