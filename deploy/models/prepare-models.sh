#!/usr/bin/env bash
# Prepares the models SecPipe runs with, on a machine WITH internet access (a workstation, not the
# home server): exports RT-DETRv2 (or D-FINE) to ONNX with the signature the detector expects,
# downloads a Nemotron GGUF for llama.cpp, and checks the detection model with the detector's own
# loading code. Copy the results to deploy/models/ on the server. Steps: deploy/models/README.md.
#
#   deploy/models/prepare-models.sh rtdetr  <config.yml> <weights-url>
#   deploy/models/prepare-models.sh dfine   <config.yml> <checkpoint.pth>
#   deploy/models/prepare-models.sh nemotron <huggingface-repo> <file.gguf>
#   deploy/models/prepare-models.sh check   <model.onnx> [snapshot.jpg]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK_DIR:-$(mktemp -d)}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "needs $1 on PATH" >&2; exit 1; }; }

export_rtdetr() {
  need git; need python3
  local config="${1:?a config under configs/rtdetrv2/, e.g. configs/rtdetrv2/rtdetrv2_r18vd_120e_coco.yml}"
  local weights="${2:?a weights URL from the rtdetrv2_pytorch model zoo (its README), e.g. the r18vd COCO checkpoint}"
  git clone --depth 1 https://github.com/lyuwenyu/RT-DETR "$work/RT-DETR"
  cd "$work/RT-DETR/rtdetrv2_pytorch"
  python3 -m pip install -r requirements.txt onnx onnxsim
  curl -fL -o weights.pth "$weights"
  # -> images [N,3,640,640] + orig_target_sizes [N,2]; labels, boxes (xyxy, original pixels), scores
  python3 tools/export_onnx.py -c "$config" -r weights.pth --check --simplify
  cp model.onnx "$here/rtdetr.onnx"
  check "$here/rtdetr.onnx"
}

export_dfine() {
  need git; need python3
  local config="${1:?a config under configs/dfine/, e.g. configs/dfine/dfine_hgnetv2_s_coco.yml}"
  local checkpoint="${2:?the D-FINE checkpoint (.pth) from the D-FINE model zoo}"
  git clone --depth 1 https://github.com/Peterande/D-FINE "$work/D-FINE"
  cd "$work/D-FINE"
  python3 -m pip install -r requirements.txt onnx onnxsim
  python3 tools/deployment/export_onnx.py -c "$config" -r "$checkpoint" --check --simplify
  cp model.onnx "$here/rtdetr.onnx"
  check "$here/rtdetr.onnx"
}

fetch_nemotron() {
  need huggingface-cli
  local repo="${1:?a Hugging Face repository holding Nemotron GGUF files}" file="${2:?the .gguf file (a Q4_K_M quantisation fits 8-12 GB of VRAM)}"
  huggingface-cli download "$repo" "$file" --local-dir "$work/nemotron"
  cp "$work/nemotron/$file" "$here/nemotron.gguf"
  echo "llama.cpp serves it as /models/nemotron.gguf (compose.yaml, service llm)"
}

check() {
  (cd "$root" && pnpm exec tsx deploy/models/check-model.ts "$@")
}

case "${1:-}" in
  rtdetr) shift; export_rtdetr "$@" ;;
  dfine) shift; export_dfine "$@" ;;
  nemotron) shift; fetch_nemotron "$@" ;;
  check) shift; check "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
