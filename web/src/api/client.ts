// The one way the front end talks to Minsheng's JSON API (/api/v1). Every
// failure becomes an ApiError carrying the server's code, message, offending
// field and details, so forms can show the error next to the field it concerns.
import { session } from '../auth/session'

export class ApiError extends Error {
  status: number
  code: string
  field?: string
  details?: any
  constructor(status: number, code: string, message: string, field?: string, details?: any) {
    super(message)
    this.status = status
    this.code = code
    this.field = field
    this.details = details
  }
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

type Query = Record<string, string | number | boolean | null | undefined>

function url(path: string, query?: Query): string {
  let u = '/api/v1' + path
  if (query) {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
    const s = p.toString()
    if (s) u += '?' + s
  }
  return u
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  let res: Response
  try {
    res = await fetch(url(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message)
  }
  const text = await res.text()
  let data: any = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      throw new ApiError(res.status, 'bad_response', text.slice(0, 200))
    }
  }
  if (!res.ok) {
    const err = data?.error ?? {}
    if (res.status === 401 && path !== '/login') session.user = null
    throw new ApiError(res.status, err.code ?? 'http_' + res.status, err.message ?? res.statusText, err.field, err.details)
  }
  return data as T
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  /** Download a non-JSON resource (e.g. the .pb export) as text. */
  async text(path: string): Promise<string> {
    const res = await fetch(url(path), { credentials: 'same-origin' })
    if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, res.statusText)
    return res.text()
  },
}
