import { type RouteConfig, index, route } from '@react-router/dev/routes'
import { STAGES } from './stages'

export default [
  index('routes/home.tsx'),
  route('login', 'routes/login.tsx'),
  route('signup', 'routes/signup.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('locale', 'routes/locale.tsx'),
  route('settings', 'routes/settings.tsx'),
  route('admin', 'routes/admin.tsx'),
  route('invite/:token', 'routes/invite.tsx'),
  route('healthz', 'routes/healthz.tsx'),
  route('projects', 'routes/projects.tsx'),
  route('projects/new', 'routes/projects.new.tsx'),
  route('p/:slug', 'routes/project.tsx', [
    index('routes/project.dashboard.tsx'),
    route('members', 'routes/project.members.tsx'),
    route('settings', 'routes/project.settings.tsx'),
    route('audit', 'routes/project.audit.tsx'),
    // Each workflow stage has its page; the later issues replace these one by one.
    ...STAGES.map((stage) => route(stage, 'routes/project.stage.tsx', { id: `stage-${stage}` })),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
