# node-env.sh — sourced by scripts/web.sh and scripts/run-tests.sh: make sure
# `node` on PATH is new enough for Vite (20.19+ or 22.12+). Debian 12's own
# nodejs is 18, so when the machine's node is older, Node 20 is taken from the
# npm registry (the package node-linux-<arch> carries the official binary)
# into .cache/node of the project, and put first on PATH.
node_ok() {
	command -v node >/dev/null 2>&1 &&
		node -e 'const [a,b]=process.versions.node.split(".").map(Number);
process.exit(a>22||(a===22&&b>=12)||a===21||(a===20&&b>=19)?0:1)' 2>/dev/null
}
if ! node_ok; then
	ms_root=${ms_root:-$(pwd)}
	case $(uname -m) in x86_64) ms_arch=x64 ;; aarch64) ms_arch=arm64 ;; *) ms_arch=$(uname -m) ;; esac
	ms_node=$ms_root/.cache/node/node_modules/node-linux-$ms_arch/bin
	if [ ! -x "$ms_node/node" ]; then
		echo "node-env: node $(node --version 2>/dev/null || echo missing) is too old for Vite; fetching Node 20 from the npm registry" >&2
		npm install --prefix "$ms_root/.cache/node" --no-save --no-audit --no-fund "node-linux-$ms_arch@20" >&2 || return 1
	fi
	PATH=$ms_node:$PATH
	export PATH
fi
