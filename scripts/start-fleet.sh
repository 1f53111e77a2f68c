#!/usr/bin/env bash
# Starts the whole fleet locally as plain processes: installs dependencies, makes sure PostgreSQL
# and Redis answer, creates and migrates the database, prepares the demo model, then runs every
# service under one supervisor (Ctrl-C stops them all gracefully). `--demo` (or `pnpm demo`) adds
# a demo camera process that writes generated scenes into two camera folders every few seconds.
set -euo pipefail
demo=false
for arg in "$@"; do [ "$arg" = --demo ] && demo=true; done
cd "$(dirname "$0")/.."

export ONNXRUNTIME_NODE_INSTALL=skip CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/secpipe}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export CAMERA_ROOT="${CAMERA_ROOT:-$PWD/data/cameras}"
export THUMBNAIL_DIR="${THUMBNAIL_DIR:-$PWD/data/thumbnails}"
export API_PORT="${API_PORT:-8000}"
# The deterministic rules assessor unless an LLM server is named; with LLM_URL, llama.cpp's
# /completion API unless LLM_PROVIDER says otherwise (openai for any OpenAI-compatible server).
if [ -n "${LLM_URL:-}" ]; then export LLM_PROVIDER="${LLM_PROVIDER:-llamacpp}"; else export LLM_PROVIDER="${LLM_PROVIDER:-rules}"; fi

# Node 24 first: the install (native prebuilds), prisma and every service run on it.
source scripts/use-node24.sh

source scripts/use-pnpm.sh
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

api="http://127.0.0.1:$API_PORT"
ws="ws://127.0.0.1:$API_PORT"
case "$LLM_PROVIDER" in
  rules) assessor="deterministic rules (set LLM_URL to use a llama.cpp server)" ;;
  *) assessor="$LLM_PROVIDER at $LLM_URL (rules as the fallback)" ;;
esac
cat <<BANNER
starting: ingest detector enrichment analyzer api$($demo && echo " + demo cameras") on node $(node --version)
  API:       $api (docs $api/docs)
  live:      $ws/ws/events (events, detections, alerts), $ws/ws/system (health, queues)
  cameras:   drop snapshots into $CAMERA_ROOT/<Camera Name>/
  model:     $model_note
  assessor:  $assessor
  restarts:  a crashed service restarts after 1 s, 2 s, 4 s, ... (at most ${FLEET_RESTART_TRIES:-10} times)
BANNER
exec node --import tsx scripts/run-fleet.ts $($demo && echo --demo)
