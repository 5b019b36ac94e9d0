#!/usr/bin/env bash
# Builds DoorStepDoctor on a fresh Debian machine and starts it on its embedded defaults:
# SQLite at data/doorstep.db, listening on 127.0.0.1:8080. Extra arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: a C toolchain (sqlite, the embedding engine), TLS roots, espeak-ng (phonemes
# for the Piper voices).
. scripts/setup.sh build-essential pkg-config curl ca-certificates libespeak-ng-dev espeak-ng-data

# Models by manifest (checksummed; present files are kept), then the service with the
# embedding ranker built in. The embedded LLM is left out: the models a registry offers are
# not fit for patients, so guidance comes from the reviewed templates unless
# DOORSTEP_LLM_URL (or a GGUF with --features embedded-llm) is configured.
cargo run --quiet --release --locked -- models fetch
cargo build --release --locked --features embeddings,speech
# A small fictional roster (idempotent), so the first calls and texts find doctors and medicine.
for kind in doctors pharmacies inventory; do
  target/release/doorstep import "$kind" "demo/$kind.csv"
done
exec target/release/doorstep serve "$@"
