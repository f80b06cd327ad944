// The one way the front end talks to Minsheng's JSON API (/api/v1), typed by
// the server's OpenAPI document (schema.d.ts, generated): a call names the
// route as the document does, e.g. api.get('/polls/{id}', { id }), and gets
// that route's answer; a body is that route's request body. Every failure
// becomes an ApiError carrying the server's code, its message in English and
// in Chinese, the offending field and details, so forms can show the error
// next to the field it concerns, in the reader's language.
import { session } from '../auth/session'
import type { ErrorCode } from './catalogue'
import type { paths } from './schema'

/** The server's codes (x-error-catalogue), and the client's own: no connection, an answer that is not JSON, an error answer without a body. */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_response' | `http_${number}`

export class ApiError extends Error {
  status: number
  code: ApiErrorCode
  /** The server's message in Chinese ('' for the client's own codes); `message` is the English one. */
  messageZh: string
  field?: string
  details?: any
  constructor(status: number, code: ApiErrorCode, message: string, messageZh = '', field?: string, details?: any) {
    super(message)
    this.status = status
    this.code = code
    this.messageZh = messageZh
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

type Method = 'get' | 'post' | 'put' | 'patch'
/** The document's routes that answer this method. */
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never }[keyof paths]
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>
type Json<C> = C extends { content: { 'application/json': infer J } } ? J : never
/** What the route answers on success (its 200 or 201 JSON). */
export type Answer<P extends keyof paths, M extends Method> =
  Op<P, M> extends { responses: infer R } ? (R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never) : never
/** The route's JSON request body. */
export type Body<P extends keyof paths, M extends Method> =
  Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never
/** The route's query parameters. */
export type QueryOf<P extends keyof paths, M extends Method> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never
/** The path's parameters, e.g. { id } for /polls/{id}. */
export type Params<P extends string> = { [K in ParamNames<P>]: string | number }
/** A route with parameters takes them first; one without takes none. */
type ParamArg<P extends string> = [ParamNames<P>] extends [never] ? [] : [params: Params<P>]

/** The route with its parameters put in, e.g. /polls/{id} + {id: 3} → /polls/3. */
export function fill(path: string, params?: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params?.[k]
    if (v === undefined || v === '') throw new Error(`api: no ${k} for ${path}`)
    return encodeURIComponent(String(v))
  })
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

/** The ApiError of an error answer: the server's error body, or the client's http_NNN when there is none. */
export function failure(res: Response, data: any, path: string): ApiError {
  const err = data?.error
  if (res.status === 401 && path !== '/login') session.user = null
  if (err && typeof err.code === 'string' && typeof err.message === 'string')
    return new ApiError(res.status, err.code, err.message, typeof err.message_zh === 'string' ? err.message_zh : '', err.field, err.details)
  return new ApiError(res.status, `http_${res.status}`, res.statusText)
}

/**
 * Answers that promise nothing was read or written and say when to come
 * back (Retry-After): every hashing slot taken, the queue for them full, the
 * database busy. The request is sent again after that wait, a few times,
 * before the error reaches the page — a hall of deputies logging in at once
 * gets in a second later instead of an error.
 */
const RETRYABLE = new Set<string>(['login_busy', 'overloaded', 'busy'])
const RETRIES = 3
const RETRY_MAX_S = 10

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms))
}

/** Seconds to wait before sending again, or null when the answer is not one to retry. */
export function retryAfter(res: Response, data: any): number | null {
  if (res.status !== 503 || !RETRYABLE.has(data?.error?.code)) return null
  const s = Number(res.headers.get('Retry-After') ?? '1')
  return Number.isFinite(s) && s >= 0 ? Math.min(s, RETRY_MAX_S) : 1
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  for (let attempt = 0; ; attempt++) {
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
    if (res.ok) return data as T
    const wait = attempt < RETRIES ? retryAfter(res, data) : null
    if (wait === null) throw failure(res, data, path)
    // A little spread, so the deputies turned away together do not all come back in the same instant.
    await sleep(wait * 1000 + Math.random() * 500)
  }
}

/** A call's arguments after the path: the path's parameters (when it has any), then the query or body. */
function split<R>(path: string, args: readonly unknown[]): [Record<string, string | number> | undefined, R | undefined] {
  return (path.includes('{') ? [args[0], args[1]] : [undefined, args[0]]) as [Record<string, string | number> | undefined, R | undefined]
}

export const api = {
  get<P extends PathOf<'get'>>(path: P, ...args: [...ParamArg<P>, query?: QueryOf<P, 'get'>]): Promise<Answer<P, 'get'>> {
    const [params, query] = split<Query>(path, args)
    return request('GET', fill(path, params), undefined, query)
  },
  post<P extends PathOf<'post'>>(path: P, ...args: [...ParamArg<P>, body?: Body<P, 'post'>]): Promise<Answer<P, 'post'>> {
    const [params, body] = split<unknown>(path, args)
    return request('POST', fill(path, params), body ?? {})
  },
  put<P extends PathOf<'put'>>(path: P, ...args: [...ParamArg<P>, body: Body<P, 'put'>]): Promise<Answer<P, 'put'>> {
    const [params, body] = split<unknown>(path, args)
    return request('PUT', fill(path, params), body)
  },
  patch<P extends PathOf<'patch'>>(path: P, ...args: [...ParamArg<P>, body: Body<P, 'patch'>]): Promise<Answer<P, 'patch'>> {
    const [params, body] = split<unknown>(path, args)
    return request('PATCH', fill(path, params), body)
  },
}
