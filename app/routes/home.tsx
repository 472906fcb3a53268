import { redirect } from 'react-router'
import type { Route } from './+types/home'
import { getUser } from '~/utils/session.server'

export async function loader({ request }: Route.LoaderArgs) {
  return redirect((await getUser(request)) ? '/projects' : '/login')
}
