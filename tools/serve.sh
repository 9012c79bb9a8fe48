#!/usr/bin/env bash
# Installs what is missing, builds the app and serves it on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=0 bash tools/setup.sh
bash tools/build-web.sh
echo "serving on http://127.0.0.1:${PORT:-8080}/" >&2
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1 --directory dist
