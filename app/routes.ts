import { type RouteConfig, index, route } from '@react-router/dev/routes'

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
    // Discovery
    route('processes', 'routes/processes.tsx'),
    route('processes/:processId', 'routes/process.tsx'),
    route('interviews', 'routes/interviews.tsx'),
    route('interviews/guides', 'routes/interview-guides.tsx'),
    route('interviews/guides/:guideId', 'routes/interview-guide.tsx'),
    route('interviews/:interviewId', 'routes/interview.tsx'),
    route('requirements', 'routes/requirements.tsx'),
    route('requirements/new', 'routes/requirement-new.tsx'),
    route('requirements/import', 'routes/requirements-import.tsx'),
    route('requirements/:code', 'routes/requirement.tsx'),
    // Evaluation
    route('candidates', 'routes/candidates.tsx'),
    route('candidates/:candidateId', 'routes/candidate.tsx'),
    route('scoring', 'routes/scoring.tsx'),
    route('scoring/results', 'routes/scoring-results.tsx'),
    route('improvements', 'routes/improvements.tsx'),
    route('improvements/:code', 'routes/improvement.tsx'),
    route('decision', 'routes/decision.tsx'),
    // Specification
    route('specification', 'routes/specification.tsx'),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
