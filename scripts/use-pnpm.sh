#!/usr/bin/env bash
# Sourced after scripts/use-node24.sh by .ci/run and scripts/start-fleet.sh: makes `pnpm` on PATH
# the version package.json names. When the machine has no pnpm (or another version), it is
# installed from the npm registry into .tools/pnpm, whose bin folder goes first on PATH. (A plain
# `npm install -g` would land beside the Node 24 binary from .tools/node24, a prefix whose bin
# folder is not on PATH.)
PNPM_VERSION=12.4.2
PNPM_DIR="$PWD/.tools/pnpm"

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ "$("$PNPM_DIR/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "installing pnpm $PNPM_VERSION into .tools/pnpm"
    npm install -g -E --prefix "$PNPM_DIR" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION"
  fi
  export PATH="$PNPM_DIR/bin:$PATH"
fi
echo "using pnpm $(pnpm --version) ($(command -v pnpm))"
