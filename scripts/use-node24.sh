#!/usr/bin/env bash
# Sourced by .ci/run and scripts/start-fleet.sh: makes `node` on PATH a supported Node.js.
#
# The project builds, tests and ships on Node.js 24 LTS (Node 20 reached end-of-life on
# 2026-04-30; package.json asks for >= 22). Where the machine's own node is older than 22, Node 24
# is installed from the npm registry's `node` package (the same registry the dependencies come
# from, so it works offline here) into .tools/node24, outside the workspace's node_modules, and
# its bin folder goes first on PATH. Everything after this (pnpm install, so native prebuilds are
# picked for the Node that runs them, prisma, jest, the services) then runs on it; pnpm and npm
# start through `#!/usr/bin/env node` and follow PATH.
NODE24_VERSION=24.21.0
NODE24_DIR="$PWD/.tools/node24"

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ "$(node_major "$NODE24_DIR/node_modules/.bin/node")" != 24 ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: installing Node $NODE24_VERSION into .tools/node24"
    npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION"
  fi
  export PATH="$NODE24_DIR/node_modules/.bin:$PATH"
fi
echo "using node $(node --version) ($(command -v node))"
