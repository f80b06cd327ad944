// Submitting a form: the button's busy state, and the API's error next to the
// field it names (error.field, see errors.ts), otherwise above the buttons.
import { computed, ref, watch } from 'vue'
import { useFormErrors, type FormErrors } from './errors'

export interface SubmitOptions {
  /** The fields the form shows: an error under one of them is not repeated above the buttons. */
  fields?: string[]
  /** The form's model: a field's error goes away as soon as that field changes. */
  model?: Record<string, unknown>
  /** Fields the server names by other words → the form's field (e.g. `base` → `threshold_base`). */
  alias?: Record<string, string>
}

/** The general line above a form's buttons repeats nothing a shown field already says. */
export function generalError(errors: FormErrors, shown: string[]): string {
  if (!errors.general) return ''
  return shown.some((f) => errors.fields[f]) ? '' : errors.general
}

/** `submit()` runs `action`, busy meanwhile; a thrown error lands in `errors` (and `general`). */
export function useSubmit(action: () => Promise<void>, opts: SubmitOptions = {}) {
  const { errors, apply, clear } = useFormErrors()
  const busy = ref(false)
  const general = computed(() => generalError(errors, opts.fields ?? []))
  const model = opts.model
  if (model)
    watch(
      () => ({ ...model }),
      (now, before) => {
        for (const k of Object.keys(now)) if (now[k] !== before[k]) delete errors.fields[k]
      },
    )

  async function submit() {
    clear()
    busy.value = true
    try {
      await action()
    } catch (e) {
      apply(e, opts.alias)
    } finally {
      busy.value = false
    }
  }
  return { errors, busy, general, submit, clear }
}
