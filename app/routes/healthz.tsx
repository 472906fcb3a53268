import { db, dbReady } from '~/utils/db.server'

// For load balancers and the start script: answers 200 once the database is reachable.
export async function loader() {
  await dbReady()
  await db.$queryRawUnsafe('SELECT 1')
  return Response.json({ ok: true })
}
