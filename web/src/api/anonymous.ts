// The API without the session, for the voting page a slip opens (docs/secrecy.md,
// "Code-sheet polls"): its calls send no cookie (credentials: 'omit') and no
// CSRF token, so a phone that happens to be logged in does not tie the code it
// checks, or the ballot it casts, to its user. Only public routes answer them.
// Failures are client.ts's ApiError, from the server's error body.
import { ApiError, failure, fill, type Answer, type Body, type Params, type PathOf, type QueryOf } from './client'

async function json<T>(res: Response, path: string): Promise<T> {
  const text = await res.text()
  let data: any = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      throw new ApiError(res.status, 'bad_response', text.slice(0, 200))
    }
  }
  if (!res.ok) throw failure(res, data, path)
  return data as T
}

async function anon<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message)
  }
  return json<T>(res, path)
}

/** The public routes, called without the session (no cookie, no CSRF token). */
export const anonymous = {
  get<P extends PathOf<'get'>>(path: P, params: Params<P>, query?: QueryOf<P, 'get'>): Promise<Answer<P, 'get'>> {
    let p = fill(path, params)
    if (query) {
      const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
      if (q) p += '?' + q
    }
    return anon('GET', p)
  },
  post<P extends PathOf<'post'>>(path: P, params: Params<P>, body: Body<P, 'post'>): Promise<Answer<P, 'post'>> {
    return anon('POST', fill(path, params), body)
  },
}
