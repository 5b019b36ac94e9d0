#!/usr/bin/env bash
# Speech benchmark, Rust and Python side by side on the same voice, model and audio:
# `cargo bench --bench speech --features speech` (which also writes the 8 kHz Korean test
# audio), then the `piper-tts` and `vosk` packages in their own venv. Results: BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh build-essential pkg-config python3-venv libespeak-ng-dev espeak-ng
cargo run --quiet --release --locked -- models fetch
cargo bench --locked --features speech --bench speech
python3 -m venv .venv-bench
.venv-bench/bin/pip install --quiet "piper-tts==1.8.0" "vosk==0.3.45" "onnxruntime==1.32.0" numpy
.venv-bench/bin/python benches/speech_python.py models "${TMPDIR:-/tmp}/doorstep-bench-ko-8k.wav" 30
