// A member's phone ballot, the part every poll shares: the selection ballot
// (vote/DeputyBallot), the evaluation's (evaluate/DeputyEvaluation) and the
// review's (review/DeputyReview) read their poll, show the screen its state
// allows (view), go to the confirmation with a tracker (核验码) drawn on this
// device (or the one sent before without an answer, on a retry), cast, and
// show the receipt. The page keeps its choices and says how to read the poll,
// clear the choices and build the ballot's body; this keeps the stage, the
// tracker (vote/tracker.ts: kept before the ballot is sent, put back as it was
// when the server refuses it), the errors, the focus moved to each new screen,
// and the question before leaving a ballot begun.
import { computed, nextTick, onMounted, onUnmounted, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { onBeforeRouteLeave } from 'vue-router'
import { ElMessageBox } from '../../ui/feedback'
import { api, ApiError, type Body } from '../../api/client'
import { describe } from '../../ui/errors'
import { session } from '../../auth/session'
import { drawTracker, forgetTracker, keepTracker, keptTracker, type KeptTracker } from '../tracker'

/** What the flow reads of the poll: the page's poll object itself, so that marking it voted shows at once. */
export interface FlowPoll {
  id: number
  status: string
  me?: { voted: boolean; present: boolean } | null
}

/** The ballot as the page sends it; the flow adds the tracker. */
export type BallotBody = Omit<Body<'/polls/{id}/ballot', 'post'>, 'tracker'>

export interface BallotFlowOptions {
  /** The route's id: another id reads another poll. */
  id: () => string
  /** The poll once read, else null. */
  poll: () => FlowPoll | null
  /** Reads the poll (and the page's own data) into the page; false when the page went elsewhere instead. Throws on failure. */
  fetch: () => Promise<boolean | void>
  /** Drops what was read of the poll before another id is read. */
  forget: () => void
  /** Whether anything is marked on the ballot. */
  dirty: () => boolean
  /** Clears the choices (blank again). */
  clear: () => void
  /** The question before leaving a ballot begun: its text and title. */
  leave: () => { text: string; title: string; ok: string; stay: string }
  /** The words for a ballot the server found invalid (422); describe(e) when not given. */
  invalid?: (e: ApiError) => string
  /** Whether a ballot refused because the poll is no longer open clears the choices. */
  clearWhenClosed?: boolean
}

export interface Receipt {
  code: string
  at: string
  tracker: string
  kept: boolean
  mismatch: string
}

export function useBallotFlow(o: BallotFlowOptions) {
  const { t } = useI18n()
  const loading = ref(false)
  const loadError = ref('')
  const stage = ref<'ballot' | 'review' | 'receipt'>('ballot')
  const busy = ref(false)
  const castError = ref('')
  const receipt = ref<Receipt | null>(null)
  /** What a screen reader hears after a refresh. */
  const status = ref('')
  /** The tracker of the ballot being filled in: drawn when the member reviews it (or the one sent before, on a retry). */
  const tracker = ref('')
  /** What this device keeps of the member's ballot in this poll. */
  const kept = ref<KeptTracker | null>(null)
  const userId = computed(() => session.user?.id ?? 0)

  /** Which screen the poll's state allows; the receipt stays up once cast. */
  const view = computed(() => {
    const p = o.poll()
    if (!p) return 'none'
    if (stage.value === 'receipt') return 'receipt'
    if (p.status !== 'open') return 'not-open'
    if (!p.me) return 'not-deputy'
    if (p.me.voted) return 'already-voted'
    if (!p.me.present) return 'not-checked-in'
    return stage.value
  })

  async function load(announce = false) {
    loading.value = true
    loadError.value = ''
    try {
      if ((await o.fetch()) === false) return
      const p = o.poll()
      if (p) kept.value = keptTracker(userId.value, p.id)
      if (announce) status.value = t('deputy.home.refreshed')
    } catch (e) {
      loadError.value = describe(e)
    } finally {
      loading.value = false
    }
  }

  /** Move the keyboard and screen reader to the top of each new screen. */
  async function focusStage() {
    await nextTick()
    document.querySelector<HTMLElement>('[data-stage-focus]')?.focus({ preventScroll: true })
    window.scrollTo({ top: 0 })
  }

  /** To the confirmation, with the tracker this ballot will carry. */
  function toReview() {
    castError.value = ''
    // A ballot sent before without an answer keeps its tracker: if it did arrive, it is that one.
    if (!tracker.value) tracker.value = kept.value?.state === 'sent' ? kept.value.tracker : drawTracker()
    stage.value = 'review'
  }

  /**
   * Casts `body` with the tracker. Once the ballot is in, `sent` runs (the
   * review's comments) before the choices are cleared and the receipt shown.
   * A refusal puts the member back on the ballot with the reason in castError.
   */
  async function cast(body: BallotBody, sent?: () => Promise<void>) {
    const p = o.poll()
    if (!p || busy.value) return
    busy.value = true
    castError.value = ''
    const pollId = p.id
    const before = kept.value
    // Kept before it is sent: should the answer be lost, the ballot may have arrived with this tracker.
    keepTracker(userId.value, pollId, { tracker: tracker.value, state: 'sent', at: new Date().toISOString() })
    try {
      const r = await api.post('/polls/{id}/ballot', { id: pollId }, { ...body, tracker: tracker.value } as Body<'/polls/{id}/ballot', 'post'>)
      const at = new Date().toISOString()
      const mine: KeptTracker = { tracker: tracker.value, state: 'cast', receipt: r.receipt, at }
      const stored = keepTracker(userId.value, pollId, mine)
      kept.value = mine
      receipt.value = { code: r.receipt, at, tracker: tracker.value, kept: stored, mismatch: r.tracker === tracker.value ? '' : r.tracker }
      tracker.value = ''
      const now = o.poll()
      if (now?.me) now.me.voted = true
      if (sent) await sent()
      o.clear()
      stage.value = 'receipt'
    } catch (e) {
      const code = e instanceof ApiError ? e.code : ''
      // A ballot the server refused was not cast (already_voted: not from this device, unless a ballot
      // sent before got no answer, whose tracker this one reused): the device keeps what it kept before.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        if (before) keepTracker(userId.value, pollId, before)
        else forgetTracker(userId.value, pollId)
      }
      if (code === 'already_voted') {
        o.clear()
        const now = o.poll()
        if (now?.me) now.me.voted = true
        else await load()
        stage.value = 'ballot'
      } else if (code === 'poll_not_open' || code === 'not_checked_in') {
        castError.value = t('deputy.error.' + code)
        if (code === 'poll_not_open' && o.clearWhenClosed) o.clear()
        stage.value = 'ballot'
        await load()
      } else if (e instanceof ApiError && e.status === 422) {
        castError.value = o.invalid ? o.invalid(e) : describe(e)
        stage.value = 'ballot'
      } else {
        castError.value = describe(e) + ' ' + t('deputy.error.retry')
      }
    } finally {
      busy.value = false
    }
  }

  watch(stage, focusStage)
  watch(castError, async (v) => {
    if (!v) return
    await nextTick()
    document.querySelector<HTMLElement>('[data-test="ballot-error"]')?.scrollIntoView({ block: 'center' })
  })
  watch(o.id, () => {
    o.forget()
    stage.value = 'ballot'
    receipt.value = null
    castError.value = ''
    tracker.value = ''
    load()
  })
  // Keep a focused card clear of the sticky counter bar when tabbing down the ballot.
  onMounted(() => {
    document.documentElement.style.scrollPaddingBottom = '160px'
    load()
  })
  onUnmounted(() => {
    document.documentElement.style.scrollPaddingBottom = ''
    o.clear()
  })

  onBeforeRouteLeave(async () => {
    if (!o.dirty() || busy.value || (view.value !== 'ballot' && view.value !== 'review')) return true
    const w = o.leave()
    try {
      await ElMessageBox.confirm(w.text, w.title, { confirmButtonText: w.ok, cancelButtonText: w.stay, type: 'warning' })
      o.clear()
      return true
    } catch {
      return false
    }
  })

  return { loading, loadError, stage, busy, castError, receipt, status, tracker, kept, view, load, toReview, cast }
}

export type BallotFlow = ReturnType<typeof useBallotFlow>
