// Routes. Each view is its own chunk, so the public page loads only what it
// shows. `meta.role` guards a route: without that role the user is sent to /login.
import { createRouter, createWebHistory } from 'vue-router'
import { api } from '../api/client'
import { session, hasRole } from '../auth/session'
import { loadMessages } from './i18n'

declare module 'vue-router' {
  interface RouteMeta {
    role?: string
    title?: string
    /** Any logged-in user (no particular role). */
    login?: boolean
    /** A page that does not ask who is logged in (the ballot a voting slip opens), with the strings it brings. */
    anonymous?: string[]
    /** Strings a page brings beyond its role's (src/<domain>/locale/<name>.json5), e.g. the evaluation's. */
    strings?: string[]
    /** A page shown alone, without the site's header (the hall's big screen, the roll-up's). */
    bare?: boolean
  }
}

export const router = createRouter({
  history: createWebHistory(),
  scrollBehavior: () => ({ top: 0 }),
  routes: [
    { path: '/', component: () => import('../org/PublicHome.vue') },
    { path: '/congress/:id(\\d+)', component: () => import('../org/PublicCongress.vue'), props: true },
    { path: '/assessment/:id(\\d+)', component: () => import('../assess/LeagueTable.vue'), props: true },
    { path: '/projects/:id(\\d+)', component: () => import('../supervise/PublicProject.vue'), props: true },
    { path: '/polls/:id(\\d+)/result', component: () => import('../vote/PublicResult.vue'), props: true },
    { path: '/polls/:id(\\d+)/bulletin', component: () => import('../vote/PublicBulletin.vue'), props: true },
    { path: '/evaluations/:id(\\d+)/result', component: () => import('../evaluate/PublicEvaluationResult.vue'), props: true, meta: { strings: ['evaluation'] } },
    { path: '/evaluations/:id(\\d+)/bulletin', component: () => import('../evaluate/PublicEvaluationBulletin.vue'), props: true, meta: { strings: ['evaluation'] } },
    { path: '/login', component: () => import('../auth/LoginPage.vue') },
    { path: '/activate', component: () => import('../auth/ActivatePage.vue') },
    { path: '/account', component: () => import('../auth/AccountPage.vue'), meta: { login: true } },
    { path: '/clerk', component: () => import('../org/ClerkHome.vue'), meta: { role: 'clerk', strings: ['admin'] } },
    { path: '/clerk/deputies', component: () => import('../org/ClerkDeputies.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/units', component: () => import('../org/ClerkUnits.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/supervise', component: () => import('../supervise/ClerkSupervise.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/consequences', component: () => import('../consequence/ClerkConsequences.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/cycles/:id(\\d+)', component: () => import('../cycle/ClerkCycle.vue'), meta: { role: 'clerk' }, props: true },
    { path: '/clerk/polls/:id(\\d+)', component: () => import('../vote/ClerkPoll.vue'), meta: { role: 'clerk', strings: ['evaluation', 'checkin', 'review'] }, props: true },
    { path: '/clerk/polls/:id(\\d+)/paper', component: () => import('../vote/PaperEntry.vue'), meta: { role: 'clerk' }, props: true },
    { path: '/clerk/evaluations/:id(\\d+)', component: () => import('../vote/ClerkPoll.vue'), meta: { role: 'clerk', strings: ['evaluation', 'checkin'] }, props: true },
    { path: '/deputy', component: () => import('../vote/DeputyHome.vue'), meta: { role: 'deputy', strings: ['review'] } },
    { path: '/deputy/polls/:id(\\d+)', component: () => import('../vote/DeputyBallot.vue'), meta: { role: 'deputy' }, props: true },
    { path: '/deputy/evaluations/:id(\\d+)', component: () => import('../evaluate/DeputyEvaluation.vue'), meta: { role: 'deputy', strings: ['evaluation'] }, props: true },
    { path: '/deputy/checkin/:id(\\d+)', component: () => import('../vote/DeputyCheckin.vue'), meta: { role: 'deputy', strings: ['checkin'] }, props: true },
    { path: '/deputy/history', component: () => import('../vote/DeputyHistory.vue'), meta: { role: 'deputy' } },
    { path: '/deputy/scrutiny', component: () => import('../vote/DeputyScrutiny.vue'), meta: { role: 'deputy' } },
    { path: '/v', component: () => import('../vote/SlipBallot.vue'), meta: { anonymous: ['deputy', 'voter'] } },
    { path: '/unit', component: () => import('../unit/UnitHome.vue'), meta: { role: 'unit', strings: ['target', 'review', 'evaluation'] } },
    { path: '/unit/assessment', component: () => import('../assess/UnitAssessment.vue'), meta: { role: 'unit' } },
    { path: '/unit/projects/:id(\\d+)', component: () => import('../unit/UnitProject.vue'), meta: { role: 'unit' }, props: true },
    { path: '/deputy/oversight', component: () => import('../supervise/DeputyOversight.vue'), meta: { role: 'deputy' } },
    { path: '/deputy/oversight/projects/:id(\\d+)', component: () => import('../supervise/DeputyOversightProject.vue'), meta: { role: 'deputy' }, props: true },
    { path: '/deputy/record', component: () => import('../assess/DeputyRecord.vue'), meta: { role: 'deputy' } },
    { path: '/clerk/records', component: () => import('../assess/ClerkRecords.vue'), meta: { role: 'clerk' } },
    { path: '/intake', component: () => import('../liaison/PublicIntake.vue'), meta: { strings: ['liaison'] } },
    { path: '/track', component: () => import('../liaison/PublicTrack.vue'), meta: { strings: ['liaison'] } },
    { path: '/congress/:id(\\d+)/stations', component: () => import('../liaison/PublicStations.vue'), props: true, meta: { strings: ['liaison'] } },
    { path: '/stations/:id(\\d+)', component: () => import('../liaison/PublicStation.vue'), props: true, meta: { strings: ['liaison'] } },
    { path: '/deputy/demands', component: () => import('../liaison/DeputyDemands.vue'), meta: { role: 'deputy', strings: ['liaison'] } },
    { path: '/clerk/liaison', component: () => import('../liaison/ClerkLiaison.vue'), meta: { role: 'clerk', strings: ['liaison'] } },
    { path: '/congress/:id(\\d+)/drafts', component: () => import('../legislate/PublicDrafts.vue'), props: true, meta: { strings: ['legislate'] } },
    { path: '/drafts/:id(\\d+)', component: () => import('../legislate/PublicDraft.vue'), props: true, meta: { strings: ['legislate'] } },
    { path: '/drafts/track', component: () => import('../legislate/PublicCommentTrack.vue'), meta: { strings: ['legislate'] } },
    { path: '/clerk/legislate', component: () => import('../legislate/ClerkLegislate.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/drafts/:id(\\d+)', component: () => import('../legislate/ClerkDraft.vue'), props: true, meta: { role: 'clerk', strings: ['legislate'] } },
    { path: '/unit/casework', component: () => import('../casework/UnitCasework.vue'), meta: { role: 'unit' } },
    { path: '/deputy/suggestions', component: () => import('../casework/DeputySuggestions.vue'), meta: { role: 'deputy' } },
    { path: '/clerk/casework', component: () => import('../casework/ClerkCasework.vue'), meta: { role: 'clerk' } },
    { path: '/preference', component: () => import('../preference/PreferenceList.vue'), meta: { anonymous: [] } },
    { path: '/preference/:id(\\d+)', component: () => import('../preference/PublicPreference.vue'), props: true, meta: { anonymous: [] } },
    { path: '/clerk/preference', component: () => import('../preference/ClerkPreference.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/clusters', component: () => import('../cluster/ClerkClusters.vue'), meta: { role: 'clerk' } },
    { path: '/clerk/guidance', component: () => import('../guidance/ClerkGuidance.vue'), meta: { role: 'clerk', strings: ['guidance'] } },
    { path: '/guidance/:id(\\d+)', component: () => import('../guidance/PublicGuidance.vue'), props: true, meta: { strings: ['guidance'] } },
    { path: '/guidance/:id(\\d+)/progress', component: () => import('../guidance/GuidanceProgress.vue'), props: true, meta: { strings: ['guidance'] } },
    { path: '/congress/:id(\\d+)/targets', component: () => import('../target/PublicTargetLists.vue'), props: true, meta: { strings: ['target'] } },
    { path: '/targets/:id(\\d+)', component: () => import('../target/PublicTargetList.vue'), props: true, meta: { strings: ['target'] } },
    { path: '/clerk/targets', component: () => import('../target/ClerkTargets.vue'), meta: { role: 'clerk', strings: ['target'] } },
    { path: '/congress/:id(\\d+)/reviews', component: () => import('../review/PublicReviews.vue'), props: true, meta: { strings: ['review', 'evaluation'] } },
    { path: '/reviews/:id(\\d+)', component: () => import('../review/PublicReview.vue'), props: true, meta: { strings: ['review', 'evaluation'] } },
    { path: '/clerk/reviews', component: () => import('../review/ClerkReviews.vue'), meta: { role: 'clerk', strings: ['review'] } },
    { path: '/clerk/reviews/:id(\\d+)', component: () => import('../review/ClerkReview.vue'), props: true, meta: { role: 'clerk', strings: ['review', 'evaluation'] } },
    { path: '/deputy/reviews/:id(\\d+)', component: () => import('../review/DeputyReview.vue'), props: true, meta: { role: 'deputy', strings: ['review', 'evaluation'] } },
    { path: '/admin/congresses', component: () => import('../org/AdminCongresses.vue'), meta: { role: 'admin', strings: ['clerk'] } },
    { path: '/clerk/users', component: () => import('../org/AdminUsers.vue'), meta: { role: 'clerk', strings: ['admin'] } },
    { path: '/clerk/audit', component: () => import('../audit/AuditLog.vue'), meta: { role: 'clerk', strings: ['admin'] } },
    { path: '/congress/:id(\\d+)/dashboard', component: () => import('../rollup/RollupDashboard.vue'), props: true, meta: { strings: ['rollup'] } },
    { path: '/congress/:id(\\d+)/screen', component: () => import('../rollup/RollupScreen.vue'), props: true, meta: { anonymous: ['rollup'], bare: true } },
    { path: '/hall/:id(\\d+)', component: () => import('../vote/HallScreen.vue'), props: true, meta: { anonymous: ['hall', 'checkin'], bare: true } },
    { path: '/:rest(.*)*', component: () => import('./NotFound.vue') },
  ],
})

/** Ask the server once who is logged in (the session cookie is HttpOnly). */
export async function loadSession(): Promise<void> {
  if (session.loaded) return
  try {
    const me = await api.get('/me')
    session.user = me.user
    session.csrf = me.csrf_token
  } catch {
    session.user = null
  }
  session.loaded = true
}

router.beforeEach(async (to) => {
  // The ballot a voting slip opens does not ask who is logged in (no GET /me): its calls go without the session.
  if (to.meta.anonymous) {
    await Promise.all(to.meta.anonymous.map((a) => loadMessages(a)))
    return true
  }
  await loadSession()
  if ((to.meta.role && !hasRole(to.meta.role)) || (to.meta.login && !session.user))
    return { path: '/login', query: { next: to.fullPath } }
  // A role's pages bring their own strings (src/*/locale/<role>.json5), and some pages more.
  if (to.meta.role) await loadMessages(to.meta.role)
  if (to.meta.strings) await Promise.all(to.meta.strings.map((s) => loadMessages(s)))
  return true
})
