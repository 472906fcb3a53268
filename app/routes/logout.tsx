import { redirect } from 'react-router'
import type { Route } from './+types/logout'
import { endSession } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: Route.ActionArgs) {
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request) } })
}
