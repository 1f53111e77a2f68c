#!/usr/bin/env bash
# Starts the whole fleet locally as plain processes: installs dependencies, makes sure PostgreSQL
# and Redis answer, creates and migrates the database, prepares the demo model, then runs every
# service under one supervisor (Ctrl-C stops them all gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."

export ONNXRUNTIME_NODE_INSTALL=skip CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/secpipe}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export CAMERA_ROOT="${CAMERA_ROOT:-$PWD/data/cameras}"
export THUMBNAIL_DIR="${THUMBNAIL_DIR:-$PWD/data/thumbnails}"

# Node 24 first: the install (native prebuilds), prisma and every service run on it.
source scripts/use-node24.sh

command -v pnpm >/dev/null 2>&1 || npm install -g -E pnpm@12.4.2
pnpm install --frozen-lockfile
bash scripts/ensure-local-services.sh
pnpm exec tsx scripts/ensure-database.ts
pnpm exec prisma migrate deploy
mkdir -p "$CAMERA_ROOT" "$THUMBNAIL_DIR"

# The demo uses the fixture model the project generates (deploy/models/README.md explains how to
# use a real RT-DETR / D-FINE export instead: set DETECTOR_MODEL_PATH).
if [ -z "${DETECTOR_MODEL_PATH:-}" ]; then
  pnpm exec tsx scripts/generate-fixture-models.ts
  export DETECTOR_MODEL_PATH="$PWD/fixtures/generated/rtdetr-fixture.onnx"
  model_note="the generated fixture model: it is not a real detector and recognises only solid red,
           blue and green test shapes (as person, car, dog); for real detections set DETECTOR_MODEL_PATH
           to an RT-DETR / D-FINE / YOLO export (deploy/models/README.md)"
else
  model_note="$DETECTOR_MODEL_PATH"
fi

services=(ingest detector enrichment analyzer api)
commands=()
for s in "${services[@]}"; do commands+=("node --import tsx services/$s/src/main.ts"); done
api="http://127.0.0.1:${API_PORT:-8000}"
cat <<BANNER
starting: ${services[*]} on node $(node --version)
  API:     $api (docs $api/docs)
  cameras: drop snapshots into $CAMERA_ROOT/<Camera Name>/
  model:   $model_note
BANNER
# concurrently supervises the services directly (no pnpm wrapper or tsx CLI in between: neither
# passes SIGTERM on reliably): SIGINT/SIGTERM reach every service, which shuts down gracefully.
exec node_modules/.bin/concurrently --names "$(IFS=,; echo "${services[*]}")" --prefix-colors auto \
  --kill-others-on-fail=false "${commands[@]}"
