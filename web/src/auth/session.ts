// The logged-in user and the CSRF token, shared by every page.
import { reactive } from 'vue'
import type { User } from '../api/types'

export const session = reactive({
  user: null as User | null,
  csrf: '' as string,
  loaded: false,
})

export function hasRole(role: string): boolean {
  const u = session.user
  return !!u && ((u.roles as string[]).includes(role) || (role === 'clerk' && u.roles.includes('admin')))
}

/** The page a user lands on after logging in. */
export function homeFor(): string {
  if (hasRole('clerk')) return '/clerk'
  if (hasRole('deputy')) return '/deputy'
  if (hasRole('unit')) return '/unit'
  return '/'
}
