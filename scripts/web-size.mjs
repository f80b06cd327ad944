// web-size.mjs DIST — print the gzipped size of what the first page ("/",
// the public home) downloads: index.html, the entry chunk with its static
// imports and CSS, and the home view's lazy chunk with its own imports.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const dist = process.argv[2] ?? 'dist'
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
const files = new Set(['index.html'])
function walk(key) {
  const m = manifest[key]
  if (!m || files.has(m.file)) return
  files.add(m.file)
  for (const c of m.css ?? []) files.add(c)
  for (const i of m.imports ?? []) walk(i)
}
walk('index.html')
walk('src/org/PublicHome.vue')
let raw = 0
let gz = 0
for (const f of files) {
  const b = readFileSync(join(dist, f))
  raw += b.length
  gz += gzipSync(b, { level: 9 }).length
}
const kb = (n) => (n / 1024).toFixed(1) + ' KiB'
console.log(`web: first page loads ${files.size} files, ${kb(raw)} (${kb(gz)} gzipped)`)
