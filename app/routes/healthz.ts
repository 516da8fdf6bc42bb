import { getDb } from '~/utils/db.server.ts'

export async function loader() {
  await getDb().$queryRaw`SELECT 1`
  return Response.json({ ok: true, serverTime: new Date().toISOString() })
}
