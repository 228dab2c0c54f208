#!/usr/bin/env bash
# The main job: installs what newspipe needs, builds it, and runs the demo pipeline (a small
# sample news site -> var/demo/news.db), then shows what was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
bash scripts/build.sh
bin=build/bin
"$bin/newspipe" validate pipelines/demo.yaml
"$bin/newspipe" run pipelines/demo.yaml --once
echo
echo "Stored articles (newspipe search \"minister\" --pipeline pipelines/demo.yaml):"
"$bin/newspipe" search "minister" --pipeline pipelines/demo.yaml --limit 5 || true
