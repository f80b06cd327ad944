// The API's OpenAPI document (`minsheng api-schema`, made from the route and
// field tables) checked as its readers need it: valid OpenAPI 3.1 (validated
// against the specification's schema by @seriousme/openapi-schema-validator,
// a devDependency of web/), every route of the API in it, every operation
// with who may call it (x-access) and the codes it may answer
// (x-error-codes), every $ref resolving, every code in x-error-catalogue, and
// every enum's keys in x-enums. The web app's types are generated from this
// document (web/scripts/gen-api.mjs).
//
//   MINSHENG_BIN=build/minsheng node --test tests/api/openapi.test.mjs
//
// A missing validator is a failure (run `npm ci` in web/, as scripts/web.sh does), not a skip.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = process.env.MINSHENG_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = process.env.MINSHENG_BIN ?? join(ROOT, 'build', 'minsheng')
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The routes the API serves (docs/api.md): the document must have at least these. */
const ROUTES = [
  'POST /login',
  'POST /logout',
  'GET /me',
  'GET /congresses',
  'POST /congresses',
  'GET /congresses/{id}',
  'GET /congresses/{id}/deputies',
  'POST /congresses/{id}/deputies/import',
  'GET /congresses/{id}/units',
  'POST /congresses/{id}/units',
  'GET /congresses/{id}/cycles',
  'POST /congresses/{id}/cycles',
  'POST /users',
  'GET /cycles/{id}',
  'POST /cycles/{id}/phase',
  'GET /cycles/{id}/candidates',
  'POST /cycles/{id}/candidates',
  'POST /cycles/{id}/candidates/import',
  'GET /cycles/{id}/polls',
  'POST /cycles/{id}/polls',
  'POST /cycles/{id}/polls/preview',
  'POST /cycles/{id}/polls/import',
  'GET /candidates/{id}',
  'PATCH /candidates/{id}',
  'GET /polls/{id}',
  'POST /polls/{id}/checkin',
  'GET /polls/{id}/attendance',
  'POST /polls/{id}/open',
  'POST /polls/{id}/ballot',
  'POST /polls/{id}/paper-ballots',
  'POST /polls/{id}/paper-issue',
  'POST /polls/{id}/close',
  'GET /polls/{id}/result',
  'GET /polls/{id}/ballots',
  'GET /polls/{id}/ballots.pb',
  'GET /audit',
]

function loadDocument() {
  const r = spawnSync(BIN, ['api-schema'], { encoding: 'utf8', maxBuffer: 64 << 20 })
  assert.equal(r.error, undefined, `cannot run ${BIN}: ${r.error}`)
  assert.equal(r.status, 0, `${BIN} api-schema failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}
const doc = loadDocument()
const original = JSON.stringify(doc)

/** Every operation: "METHOD /path" → the operation object. */
const operations = new Map()
for (const [path, item] of Object.entries(doc.paths ?? {}))
  for (const m of METHODS) if (item[m]) operations.set(`${m.toUpperCase()} ${path}`, item[m])

/** Every $ref in the document, with where it stands. */
function refs(node, where = '#', out = []) {
  if (Array.isArray(node)) node.forEach((v, i) => refs(v, `${where}/${i}`, out))
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, where })
      else refs(v, `${where}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out)
    }
  return out
}

/** The value a local JSON pointer (#/a/b) names, or undefined. */
function resolvePointer(ref) {
  if (!ref.startsWith('#/')) return undefined
  let node = doc
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined
    node = node[key]
  }
  return node
}

test('the document is valid OpenAPI 3.1 (checked against the specification’s schema)', async () => {
  const require = createRequire(join(ROOT, 'web', 'package.json'))
  let mod
  try {
    mod = await import(pathToFileURL(require.resolve('@seriousme/openapi-schema-validator')).href)
  } catch (e) {
    assert.fail(`the validator @seriousme/openapi-schema-validator is missing (npm ci in web/): ${e.message}`)
  }
  assert.ok(mod.Validator.supportedVersions.has('3.1'), 'the validator knows OpenAPI 3.1')
  const validator = new mod.Validator()
  const res = await validator.validate(JSON.parse(original))
  assert.deepEqual(res.errors ?? [], [], 'the document against the OpenAPI 3.1 schema')
  assert.equal(res.valid, true)
  assert.equal(validator.version, '3.1')
  assert.match(doc.openapi, /^3\.1\.\d+$/)
})

test('every route of the API is in the document', () => {
  const missing = ROUTES.filter((r) => !operations.has(r))
  assert.deepEqual(missing, [], 'routes missing from the document')
  assert.ok(operations.size >= ROUTES.length, `${operations.size} operations`)
  const extra = [...operations.keys()].filter((r) => !ROUTES.includes(r))
  if (extra.length) console.log(`# the document has routes this test does not list: ${extra.join(', ')}`)
})

test('every operation has x-access, x-error-codes and an operationId of its own', () => {
  const ids = new Set()
  for (const [name, op] of operations) {
    assert.ok(Array.isArray(op['x-access']) && op['x-access'].length > 0, `${name}: x-access`)
    for (const a of op['x-access']) assert.match(a, /^[a-z_]+$/, `${name}: x-access ${a}`)
    assert.ok(Array.isArray(op['x-error-codes']) && op['x-error-codes'].length > 0, `${name}: x-error-codes`)
    assert.equal(new Set(op['x-error-codes']).size, op['x-error-codes'].length, `${name}: a code listed twice`)
    assert.equal(typeof op.operationId, 'string', `${name}: operationId`)
    assert.ok(!ids.has(op.operationId), `${name}: operationId ${op.operationId} used twice`)
    ids.add(op.operationId)
    assert.ok(op.responses && Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${name}: a success answer`)
  }
})

test('every $ref resolves', () => {
  const all = refs(doc)
  assert.ok(all.length > 0, 'the document uses $ref')
  const broken = all.filter(({ ref }) => resolvePointer(ref) === undefined).map(({ ref, where }) => `${where}: ${ref}`)
  assert.deepEqual(broken, [], 'unresolved $refs')
})

test('every code an operation may answer is in x-error-catalogue, worded in both languages', () => {
  const catalogue = doc['x-error-catalogue']
  assert.ok(Array.isArray(catalogue) && catalogue.length > 0, 'x-error-catalogue')
  const codes = new Map()
  for (const e of catalogue) {
    assert.ok(!codes.has(e.code), `${e.code} twice in the catalogue`)
    codes.set(e.code, e)
    assert.ok(Number.isInteger(e.status) && e.status >= 400 && e.status < 600, `${e.code}: status ${e.status}`)
    assert.ok(typeof e.zh === 'string' && /[\u4e00-\u9fff]/.test(e.zh), `${e.code}: a Chinese message`)
    assert.ok(typeof e.en === 'string' && e.en.length > 0, `${e.code}: an English message`)
  }
  const unknown = []
  for (const [name, op] of operations) for (const c of op['x-error-codes']) if (!codes.has(c)) unknown.push(`${name}: ${c}`)
  assert.deepEqual(unknown, [], 'codes of x-error-codes missing from x-error-catalogue')
  // The error body's code is one of the catalogue's.
  const errorCode = doc.components?.schemas?.ErrorCode
  assert.ok(errorCode, 'components.schemas.ErrorCode')
  assert.deepEqual([...errorCode.enum].sort(), [...codes.keys()].sort(), 'ErrorCode names exactly the catalogue’s codes')
})

test('every enum of a schema has its keys in x-enums, in the same order', () => {
  const enums = doc['x-enums']
  assert.ok(enums && typeof enums === 'object', 'x-enums')
  const seen = new Set()
  function walk(node, where) {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`))
    if (!node || typeof node !== 'object') return
    if (typeof node['x-enum'] === 'string') {
      const name = node['x-enum']
      seen.add(name)
      assert.ok(Array.isArray(enums[name]), `${where}: x-enum ${name} is not in x-enums`)
      assert.deepEqual(node.enum, enums[name].map((e) => e.key), `${where}: the keys of ${name}`)
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`)
  }
  walk(doc.paths, '#/paths')
  walk(doc.components, '#/components')
  for (const [name, items] of Object.entries(enums)) {
    assert.ok(seen.has(name), `x-enums.${name} is used by no schema`)
    for (const i of items) {
      assert.ok(i.key && i.zh && i.en, `x-enums.${name}: ${JSON.stringify(i)}`)
      assert.match(i.zh, /[\u4e00-\u9fff]/, `x-enums.${name}.${i.key}: a Chinese label`)
    }
  }
})
