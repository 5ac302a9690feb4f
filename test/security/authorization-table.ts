// Who may call each HTTP route of the api. The matrix test enumerates the routes the running
// app actually serves and fails on a route missing here (or an entry for a route that is gone).
//
// allow: the people for whom the route must NOT answer 401/403 (anything else, e.g. 400/404/409
// for a request that is authorised but not applicable, counts as allowed). Everyone else must be
// refused: 401 (no token), 403, or 404 where an object is hidden from people who may not see it.
// The path parameters point at the MAIN session's objects (see world.ts), so "other*" people
// and the main candidate's peers are the object-level checks.
import type { Who, World } from './world';

export const EVERYONE: readonly Who[] = [
  'anon',
  'admin',
  'hr',
  'questionAdmin',
  'chief',
  'examiner',
  'clerk',
  'supervisor',
  'proctor',
  'candidate',
  'otherChief',
  'otherExaminer',
  'otherSupervisor',
  'otherCandidate',
];
export const SIGNED_IN = EVERYONE.filter((who) => who !== 'anon');
const ORGANISERS: Who[] = ['hr', 'admin'];
const SUPERVISORS: Who[] = ['supervisor', 'otherSupervisor'];
const CANDIDATES: Who[] = ['candidate', 'otherCandidate'];
/** Examiner-type accounts of both sessions (global roles, no session check). */
const ALL_EXAMINERS: Who[] = ['chief', 'examiner', 'otherChief', 'otherExaminer'];

/** What a path parameter is filled with. */
export type ParamRef =
  | 'campaign'
  | 'session'
  | 'application'
  | 'document'
  | 'segment'
  | 'candidateUser'
  | 'examinerUser'
  | 'categoryCode'
  | 'random';

export interface RouteRule {
  allow: readonly Who[];
  /** Path parameters by name; unnamed ones follow DEFAULT_PARAMS, then 'random' (a fresh uuid). */
  params?: Record<string, ParamRef>;
  /** A body valid enough to get past validation, so object-level checks are reached. */
  body?: (world: World) => object;
  /** Mutating calls that would change the world for later rows run after every other row. */
  late?: boolean;
}

export const DEFAULT_PARAMS: Record<string, ParamRef> = {
  campaignId: 'campaign',
  sessionId: 'session',
  candidateId: 'candidateUser',
  examinerId: 'examinerUser',
  categoryCode: 'categoryCode',
};

const marks = {
  analysis: 15,
  expression: 15,
  adaptability: 12,
  planning: 12,
  interpersonal: 11,
  emotionalControl: 8,
  motivation: 6,
  bearing: 6,
};

export const HTTP_TABLE: Record<string, RouteRule> = {
  // swagger
  'GET /api/docs': { allow: EVERYONE },
  'GET /api/docs-json': { allow: EVERYONE },
  'GET /api/docs-yaml': { allow: EVERYONE },
  'GET /api/docs/': { allow: EVERYONE },
  'GET /api/docs/index.html': { allow: EVERYONE },
  'GET /api/docs/swagger-ui-init.js': { allow: EVERYONE },
  'GET /api/docs/docs/swagger-ui-init.js': { allow: EVERYONE },
  'GET /api/docs/LICENSE': { allow: EVERYONE },
  'GET /api/health': { allow: EVERYONE },

  // audit
  'GET /api/audit': { allow: ['admin', ...SUPERVISORS] },
  'GET /api/audit/verify': { allow: ['admin', ...SUPERVISORS] },

  // accounts
  'POST /api/auth/login': { allow: EVERYONE },
  'POST /api/auth/refresh': { allow: EVERYONE },
  'POST /api/auth/logout': { allow: SIGNED_IN },
  'GET /api/auth/me': { allow: SIGNED_IN },
  'GET /api/users': { allow: ['admin'] },
  'POST /api/users': { allow: ['admin'] },
  'PATCH /api/users/:id': { allow: ['admin'] },
  // A fresh uuid (no such account): the admin gets past validation to a 404, nobody's changes.
  'POST /api/users/:id/password': {
    allow: ['admin'],
    body: () => ({ password: 'matrix-password-1' }),
  },

  // sessions
  'POST /api/sessions': { allow: ORGANISERS },
  'GET /api/sessions': { allow: [...ORGANISERS, ...SUPERVISORS] },
  'GET /api/sessions/:id': {
    allow: [...ORGANISERS, ...SUPERVISORS, 'chief', 'examiner', 'clerk', 'proctor'],
    params: { id: 'session' },
  },
  'PATCH /api/sessions/:id': { allow: ORGANISERS, params: { id: 'session' }, late: true },
  // The order of interview is shown to the session's own candidates too.
  'GET /api/sessions/:id/order-draw': {
    allow: [...ORGANISERS, ...SUPERVISORS, 'chief', 'examiner', 'clerk', 'proctor', 'candidate'],
    params: { id: 'session' },
  },
  'POST /api/sessions/:id/order-draw': {
    allow: [...ORGANISERS, 'chief'],
    params: { id: 'session' },
    body: () => ({ publicValue: '4711' }),
    late: true,
  },
  'GET /api/sessions/:id/recusals': {
    allow: [...ORGANISERS, ...SUPERVISORS, 'chief', 'examiner', 'clerk', 'proctor'],
    params: { id: 'session' },
  },
  'POST /api/sessions/:id/recusals': {
    allow: [...ORGANISERS, 'chief', 'examiner'],
    params: { id: 'session' },
    body: (w) => ({ candidateId: w.users.otherCandidate.id, reason: 'other', note: 'matrix' }),
    late: true,
  },
  'POST /api/sessions/:id/room-token': {
    allow: ['chief', 'examiner', 'clerk', 'supervisor', 'proctor', 'candidate'],
    params: { id: 'session' },
    body: () => ({}),
  },
  'POST /api/sessions/:id/side-camera-link': { allow: ['candidate'], params: { id: 'session' } },
  'GET /api/my/sessions': { allow: [...ALL_EXAMINERS, 'clerk', ...SUPERVISORS, 'proctor'] },
  'GET /api/my/interviews': { allow: CANDIDATES },
  'GET /api/scheduling/people': { allow: ORGANISERS },
  'GET /api/scheduling/applications': { allow: ORGANISERS },
  'POST /api/side-camera/redeem': { allow: EVERYONE },
  'POST /api/side-camera/renew': { allow: EVERYONE },
  'POST /api/mock-interview/room-token': { allow: CANDIDATES },
  'POST /api/mock-interview/trainer-token': { allow: ORGANISERS },
  'POST /api/panel-draws': { allow: ORGANISERS },
  'GET /api/panel-draws/:id': { allow: ORGANISERS },
  'POST /api/panel-draws/:id/draw': { allow: ORGANISERS },
  'GET /api/draws/panels/:id': { allow: EVERYONE },

  // question bank and draws
  'GET /api/question-bank/campaigns/:campaignId': { allow: ['questionAdmin', 'hr'] },
  'POST /api/question-bank/campaigns/:campaignId/import': { allow: ['questionAdmin', 'hr'] },
  'POST /api/question-bank/campaigns/:campaignId/seal': { allow: ['questionAdmin', 'hr'] },
  'POST /api/question-bank/campaigns/:campaignId/unseal': { allow: ['questionAdmin', 'hr'] },
  'GET /api/question-bank/sets/:setId': { allow: ['questionAdmin'] },
  'DELETE /api/question-bank/sets/:setId': { allow: ['questionAdmin', 'hr'] },
  // The draw's state (public entropy, commitment; no question text) like the public record.
  'GET /api/sessions/:id/question-draw': {
    allow: [...ORGANISERS, ...SUPERVISORS, 'chief', 'examiner', 'clerk', 'proctor', 'candidate'],
    params: { id: 'session' },
  },
  'POST /api/sessions/:id/question-draw': {
    allow: ['chief'],
    params: { id: 'session' },
    late: true,
  },
  'POST /api/sessions/:id/question-draw/supervisor-value': {
    allow: ['supervisor'],
    params: { id: 'session' },
    body: () => ({ value: 'matrix' }),
    late: true,
  },
  // The session's candidate gets only the questions revealed to them so far.
  'GET /api/sessions/:id/questions': {
    allow: ['chief', 'examiner', 'clerk', 'supervisor', 'candidate'],
    params: { id: 'session' },
  },
  'POST /api/sessions/:id/questions/next': {
    allow: ['chief'],
    params: { id: 'session' },
    body: () => ({}),
  },
  'GET /api/draws/sessions/:id': { allow: EVERYONE, params: { id: 'session' } },
  'GET /api/draws/question-banks/:campaignId': { allow: EVERYONE },
  'GET /api/sessions/:id/timeline': {
    // Only the session's own supervisors, besides organisers.
    allow: [...ORGANISERS, 'supervisor'],
    params: { id: 'session' },
  },

  // reference data
  'GET /api/reference/universities': { allow: SIGNED_IN },
  'GET /api/reference/disciplines': { allow: SIGNED_IN },
  'POST /api/reference/universities/import': { allow: ['admin'] },

  // campaigns
  'GET /api/campaigns': { allow: SIGNED_IN },
  'POST /api/campaigns': { allow: ORGANISERS },
  'GET /api/campaigns/:id': { allow: SIGNED_IN, params: { id: 'campaign' } },
  'PATCH /api/campaigns/:id': { allow: ORGANISERS, params: { id: 'campaign' } },
  'POST /api/campaigns/:id/categories': { allow: ORGANISERS, params: { id: 'campaign' } },
  'PATCH /api/campaigns/:id/categories/:categoryId': {
    allow: ORGANISERS,
    params: { id: 'campaign' },
  },
  'DELETE /api/campaigns/:id/categories/:categoryId': {
    allow: ORGANISERS,
    params: { id: 'campaign' },
  },
  'GET /api/campaigns/:id/posts': { allow: SIGNED_IN, params: { id: 'campaign' } },
  'POST /api/campaigns/:id/posts': { allow: ORGANISERS, params: { id: 'campaign' } },
  'PATCH /api/campaigns/:id/posts/:postId': { allow: ORGANISERS, params: { id: 'campaign' } },
  'DELETE /api/campaigns/:id/posts/:postId': { allow: ORGANISERS, params: { id: 'campaign' } },

  // registration
  'POST /api/registration': { allow: EVERYONE },
  'GET /api/profile': { allow: CANDIDATES },
  'PUT /api/profile': { allow: CANDIDATES },
  'GET /api/profile/education': { allow: CANDIDATES },
  'POST /api/profile/education': { allow: CANDIDATES },
  'DELETE /api/profile/education/:id': { allow: CANDIDATES },
  'POST /api/documents': { allow: CANDIDATES },
  'GET /api/documents': { allow: CANDIDATES },
  'GET /api/documents/:id/content': {
    allow: ['candidate', ...ORGANISERS],
    params: { id: 'document' },
  },
  'DELETE /api/documents/:id': { allow: ['candidate'], params: { id: 'document' }, late: true },
  'POST /api/applications': { allow: CANDIDATES },
  'GET /api/applications': { allow: CANDIDATES },
  'GET /api/applications/:id': { allow: ['candidate'], params: { id: 'application' } },
  'POST /api/applications/:id/withdraw': {
    allow: ['candidate'],
    params: { id: 'application' },
    late: true,
  },
  'GET /api/review/applications': { allow: ORGANISERS },
  'GET /api/review/applications/export': { allow: ORGANISERS },
  'GET /api/review/applications/:id': { allow: ORGANISERS, params: { id: 'application' } },
  'POST /api/review/applications/:id/decision': {
    allow: ORGANISERS,
    params: { id: 'application' },
  },

  // scoring
  'GET /api/scoring/my-sessions': { allow: SIGNED_IN },
  'GET /api/scoring/sessions/:sessionId': {
    allow: ['chief', 'examiner', 'clerk', 'supervisor'],
  },
  // The room page's list of published scores: a candidate of the session gets their own only
  // (asserted by content in test/scoring/scoring.e2e-spec.ts); proctors and organisers none.
  'GET /api/scoring/sessions/:sessionId/publications': {
    allow: ['chief', 'examiner', 'clerk', 'supervisor', 'candidate'],
  },
  'GET /api/scoring/sessions/:sessionId/candidates/:candidateId/marks/mine': {
    allow: ['chief', 'examiner'],
  },
  'PUT /api/scoring/sessions/:sessionId/candidates/:candidateId/marks/mine': {
    allow: ['chief', 'examiner'],
    body: () => ({ marks }),
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/marks/mine/submit': {
    allow: ['chief', 'examiner'],
    body: () => ({ marks }),
  },
  'GET /api/scoring/sessions/:sessionId/candidates/:candidateId/sheets': {
    allow: ['chief', 'clerk', 'supervisor'],
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/sheets/:examinerId/reopen': {
    allow: ['chief'],
  },
  'GET /api/scoring/sessions/:sessionId/candidates/:candidateId/preview': {
    allow: ['chief', 'clerk'],
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/check': {
    allow: ['chief', 'clerk'],
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/publish': {
    allow: ['chief'],
    late: true,
  },
  'GET /api/scoring/sessions/:sessionId/candidates/:candidateId/publication': {
    allow: [...ORGANISERS, 'chief', 'examiner', 'clerk', 'supervisor', 'candidate'],
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/publication/confirm': {
    allow: ['supervisor'],
  },
  'POST /api/scoring/sessions/:sessionId/candidates/:candidateId/publication/corrections': {
    allow: ['chief', 'clerk'],
    body: (w) => ({
      reason: 'matrix correction',
      sheets: [{ examinerId: w.users.examiner.id, marks }],
    }),
  },
  // Both the chief and a supervisor approve (a random id here: 404 for them, 403 for the rest).
  'POST /api/scoring/corrections/:correctionId/approve': { allow: ['chief', ...SUPERVISORS] },
  'GET /api/scoring/campaigns/:campaignId/rubrics': { allow: ORGANISERS },
  'PUT /api/scoring/campaigns/:campaignId/rubrics/:categoryCode': { allow: ORGANISERS },
  'GET /api/scoring/campaigns/:campaignId/settings': { allow: ORGANISERS },
  'PUT /api/scoring/campaigns/:campaignId/settings': { allow: ORGANISERS },
  'GET /api/scoring/campaigns/:campaignId/results': { allow: ORGANISERS },
  'GET /api/scoring/campaigns/:campaignId/results.csv': { allow: ORGANISERS },
  'GET /api/scoring/campaigns/:campaignId/results.xlsx': { allow: ORGANISERS },
  'GET /api/scoring/campaigns/:campaignId/analytics': { allow: ORGANISERS },

  // recordings
  'GET /api/sessions/:id/recordings': {
    allow: ['admin', 'supervisor'],
    params: { id: 'session' },
  },
  // Lists only the sessions the caller supervises: empty for another session's supervisor
  // (asserted by content in the object-level checks).
  'GET /api/recordings/candidates/:candidateId': { allow: ['admin', ...SUPERVISORS] },
  'POST /api/recordings/segments/:id/playback': {
    allow: ['admin', 'supervisor'],
    params: { id: 'segment' },
  },
  'POST /api/recordings/segments/:id/verify': {
    allow: ['admin', 'supervisor'],
    params: { id: 'segment' },
  },
  // The signed token in the path is the authorisation (a <video> cannot send a bearer header):
  // a forged token is refused to everyone, with or without a login.
  'GET /api/recordings/play/:token': { allow: [] },
  'GET /api/campaigns/:id/recording-retention': { allow: ORGANISERS, params: { id: 'campaign' } },
  'PUT /api/campaigns/:id/recording-retention': { allow: ORGANISERS, params: { id: 'campaign' } },
  'GET /api/sessions/:id/recording-hold': { allow: ORGANISERS, params: { id: 'session' } },
  'PUT /api/sessions/:id/recording-hold': { allow: ORGANISERS, params: { id: 'session' } },
  'DELETE /api/sessions/:id/recording-hold': { allow: ORGANISERS, params: { id: 'session' } },

  // matching
  'GET /api/matching/campaigns/:campaignId/settings': { allow: ORGANISERS },
  'PUT /api/matching/campaigns/:campaignId/settings': { allow: ORGANISERS },
  'GET /api/matching/campaigns/:campaignId/positions': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/positions': { allow: ORGANISERS },
  'PATCH /api/matching/campaigns/:campaignId/positions/:positionId': { allow: ORGANISERS },
  'DELETE /api/matching/campaigns/:campaignId/positions/:positionId': { allow: ORGANISERS },
  'GET /api/matching/campaigns/:campaignId/hires': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/hires': { allow: ORGANISERS },
  'DELETE /api/matching/campaigns/:campaignId/hires/:hireId': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/hires/:hireId/withdraw': { allow: ORGANISERS },
  'GET /api/matching/campaigns/:campaignId/runs': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/runs': { allow: ORGANISERS },
  'GET /api/matching/campaigns/:campaignId/runs/:runId': { allow: ORGANISERS },
  'GET /api/matching/campaigns/:campaignId/comparison': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/runs/:runId/overrides': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/runs/:runId/publish': { allow: ORGANISERS },
  'POST /api/matching/campaigns/:campaignId/backfill': { allow: ORGANISERS },
  'GET /api/matching/me': { allow: CANDIDATES },
  'GET /api/matching/me/:campaignId': { allow: CANDIDATES },
  'PUT /api/matching/me/:campaignId/preferences': { allow: CANDIDATES },

  // notifications
  'GET /api/notifications': { allow: SIGNED_IN },
  'POST /api/notifications/:id/read': { allow: SIGNED_IN },
};
