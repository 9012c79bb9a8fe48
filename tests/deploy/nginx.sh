#!/usr/bin/env bash
# Serves release/ with Debian's nginx and the README's Deploy blocks on
# 127.0.0.1 (its own config, pid and logs in a temp dir, not the system
# service), at the site root and under /zhengce/calculator/; checks the headers
# and runs the browser tests against both. Needs release/ (tools/release.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f release/index.html ] || { echo "nginx.sh: no release/; run bash tools/release.sh first" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx.sh: nginx is not installed (bash tools/setup.sh)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
pid=
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap stop EXIT
# nginx's workers run as nobody when started by root: give them a readable copy.
chmod 755 "$tmp"
cp -r release "$tmp/www"
chmod -R a+rX "$tmp/www"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
read -r root_port sub_port < <(node -e '
  const net = require("node:net");
  const free = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
  Promise.all([free(), free()]).then((p) => console.log(p.join(" ")));')
node tests/deploy/nginx-conf.mjs "$tmp" "$tmp/www" "$root_port" "$sub_port" > "$tmp/nginx.conf"
# In the foreground of a background job, so this script owns it and reaps it.
"$NGINX" -e "$tmp/error.log" -c "$tmp/nginx.conf" -g 'daemon off;' &
pid=$!
# nginx writes its pid file once it listens.
for _ in $(seq 100); do
  [ -s "$tmp/nginx.pid" ] && break
  kill -0 "$pid" 2>/dev/null || { pid=; echo "nginx.sh: nginx did not start" >&2; cat "$tmp/error.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$tmp/nginx.pid" ] || { echo "nginx.sh: nginx did not start within 10 s" >&2; exit 1; }

root_url="https://127.0.0.1:$root_port/"
sub_url="https://127.0.0.1:$sub_port/zhengce/calculator/"
status=0
ROOT_URL=$root_url SUB_URL=$sub_url RELEASE="$tmp/www" node --test tests/deploy/headers.test.mjs || status=1
for url in "$root_url" "$sub_url"; do
  echo "== browser tests against nginx at $url" >&2
  # The experience checks and the three firms; the rest of tests/e2e/ (hostile
  # input, embedding, accessibility) does not depend on the server and ran on dist/.
  APP_URL=$url node --test tests/e2e/app.test.mjs tests/e2e/firms.test.mjs || status=1
done
if [ "$status" != 0 ]; then echo "== nginx error log" >&2; cat "$tmp/error.log" >&2; fi
exit "$status"
