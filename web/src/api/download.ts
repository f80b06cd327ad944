// A POST whose answer is a file (the slips' PDF of a code-sheet poll), sent
// with the session as client.ts sends its calls, and the browser's download
// of what it answers. Failures are client.ts's ApiError.
import { session } from '../auth/session'
import { ApiError, failure, fill, type Body, type Params, type PathOf } from './client'

export interface FileAnswer {
  blob: Blob
  /** The name the server gives the file (Content-Disposition), else ''. */
  name: string
}

/** POST a JSON body; the answer is a file of `type` (a JSON error otherwise). */
export async function postForFile<P extends PathOf<'post'>>(
  path: P,
  params: Params<P>,
  body: Body<P, 'post'>,
  type: string,
): Promise<FileAnswer> {
  const p = fill(path, params)
  const headers: Record<string, string> = { Accept: `${type}, application/json`, 'Content-Type': 'application/json' }
  if (session.csrf) headers['X-CSRF-Token'] = session.csrf
  let res: Response
  try {
    res = await fetch('/api/v1' + p, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) })
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message)
  }
  if (!res.ok) throw failure(res, await res.json().catch(() => null), p)
  const got = res.headers.get('Content-Type') ?? ''
  if (!got.startsWith(type)) throw new ApiError(res.status, 'bad_response', got)
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')
  return { blob: await res.blob(), name: m ? m[1] : '' }
}

/** Save a file the page holds through the browser's download. */
export function saveFile(f: FileAnswer, fallbackName: string): void {
  const href = URL.createObjectURL(f.blob)
  const a = document.createElement('a')
  a.href = href
  a.download = f.name || fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The download has begun from the object URL; free it a little later.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}
