// Two Minsheng nodes on one PostgreSQL behind nginx, for the browser tests of
// what must hold whichever node a page talks to: a throwaway PostgreSQL
// (scripts/pg-test-server.sh) with the demo data, two `minsheng serve` nodes
// on it, and nginx in front with the proxy settings of docs/deploy.md. nginx
// listens on one port per node (ports[i] reaches node i only), so a test can
// put one browser on one node and another on the other, deterministically;
// what travels between the nodes is PostgreSQL's LISTEN/NOTIFY, as in a
// deployment.
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { userInfo, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, makeDemo, serve } from './harness.mjs'

const PG = join(ROOT, 'scripts', 'pg-test-server.sh')

function nginxBinary() {
  for (const b of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (spawnSync(b, ['-v']).status === 0) return b
  throw new Error('nginx not found (scripts/deps.sh test installs nginx-light)')
}

/** A free loopback port (a race with other processes is retried by the caller). */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.on('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

/** Resolves once something accepts on port, or rejects after ms. */
async function accepts(port, ms) {
  const until = Date.now() + ms
  for (;;) {
    const ok = await new Promise((done) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => {
        c.end()
        done(true)
      })
      c.on('error', () => done(false))
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`nothing accepts on port ${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The nginx configuration: one server block per node, each with the location block of docs/deploy.md. */
function nginxConf(dir, nodes, ports) {
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : ''
  const servers = nodes
    .map(
      (node, i) => `
    upstream node${i} { server ${new URL(node.url).host}; keepalive 8; }
    server {
        listen 127.0.0.1:${ports[i]};
        location / {
            proxy_pass http://node${i};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }
    }`,
    )
    .join('\n')
  return `${user}worker_processes 1;
events { worker_connections 1024; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/tmp-body;
    proxy_temp_path ${dir}/tmp-proxy;
    fastcgi_temp_path ${dir}/tmp-fastcgi;
    uwsgi_temp_path ${dir}/tmp-uwsgi;
    scgi_temp_path ${dir}/tmp-scgi;
${servers}
}
`
}

/**
 * Start PostgreSQL with the demo data, n nodes on it and nginx in front.
 * Resolves to {urls, stop()}: urls[i] is nginx's address for node i.
 */
export async function startNodes(n = 2) {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-nodes-'))
  chmodSync(dir, 0o755) // the PostgreSQL server runs as the user postgres and must reach DIR/pg
  const nodes = []
  let nginx
  let pgUp = false
  const stop = async () => {
    nginx?.kill('SIGTERM')
    const errors = []
    for (const node of nodes) await node.stop().catch((e) => errors.push(e))
    if (pgUp) spawnSync('sh', [PG, 'stop', join(dir, 'pg')])
    rmSync(dir, { recursive: true, force: true })
    if (errors.length) throw errors[0]
  }
  try {
    const pg = spawnSync('sh', [PG, 'start', join(dir, 'pg')], { encoding: 'utf8' })
    if (pg.status !== 0) throw new Error('the PostgreSQL test server did not start: ' + pg.stderr)
    pgUp = true
    const uri = pg.stdout.trim()
    makeDemo(uri)
    for (let i = 0; i < n; i++) nodes.push(await serve(uri))
    const ndir = join(dir, 'nginx')
    mkdirSync(ndir)
    for (let attempt = 0; ; attempt++) {
      const ports = []
      for (let i = 0; i < n; i++) ports.push(await freePort())
      writeFileSync(join(ndir, 'nginx.conf'), nginxConf(ndir, nodes, ports))
      nginx = spawn(nginxBinary(), ['-p', ndir + '/', '-c', join(ndir, 'nginx.conf'), '-g', `daemon off; pid ${ndir}/nginx.pid; error_log ${ndir}/error.log;`], {
        stdio: 'ignore',
      })
      try {
        for (const p of ports) await accepts(p, 5000)
        return { urls: ports.map((p) => `http://127.0.0.1:${p}`), stop }
      } catch (e) {
        nginx.kill('SIGTERM')
        nginx = undefined
        if (attempt === 2) {
          let log = ''
          try {
            log = readFileSync(join(ndir, 'error.log'), 'utf8')
          } catch {}
          throw new Error('nginx did not start: ' + log)
        }
      }
    }
  } catch (e) {
    await stop().catch(() => {})
    throw e
  }
}
