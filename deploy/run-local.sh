#!/usr/bin/env bash
# deploy/run-local.sh N: N identical dashboard processes (`streamlit run serve.py` on 127.0.0.1:8501,
# 8502, ...) and Debian's nginx in front of them on port $PORT (default 8080), all reading the same
# database read-only. Ctrl-C (or any of them stopping) stops everything. docs/deploy.md explains.
#
#   deploy/run-local.sh 2                       # then open http://<this machine>:8080
#   PORT=9000 PRAKERJA_DB=/srv/prakerja.duckdb deploy/run-local.sh 2
#
# Settings (environment): PORT, FIRST_PORT (8501), PRAKERJA_DB, PRAKERJA_PUBLIC_URL (default
# http://<LAN address>:PORT, what the QR code carries), PYTHON (python), NGINX (nginx), RUN_DIR
# (a new /tmp/prakerja-run.* folder: nginx.conf, every log, and the copy of Streamlit's static files).
set -euo pipefail

N=${1:-}
if ! [[ "$N" =~ ^[1-9][0-9]?$ ]]; then
    echo "usage: $0 N   (N = number of dashboard processes, 1-99; one per CPU core is a good start)" >&2
    exit 2
fi
REPO=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
FIRST_PORT=${FIRST_PORT:-8501}
PYTHON=${PYTHON:-python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
RUN_DIR=${RUN_DIR:-$(mktemp -d /tmp/prakerja-run.XXXXXX)}
export PRAKERJA_DB=${PRAKERJA_DB:-$REPO/data/prakerja.duckdb}
if [ ! -x "$NGINX" ]; then
    echo "nginx not found (apt-get install nginx, or set NGINX=/path/to/nginx)" >&2
    exit 2
fi
mkdir -p "$RUN_DIR"
cd "$REPO"

# One cookie secret for all processes: a browser's XSRF cookie, signed by whichever process served
# its first request, must be accepted by the one that serves its uploads.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}
if [ -z "${PRAKERJA_PUBLIC_URL:-}" ]; then
    LAN=$("$PYTHON" -c 'from prakerja_dash.ui.slides import lan_address; print(lan_address() or "localhost")' 2>/dev/null)
    export PRAKERJA_PUBLIC_URL="http://$LAN:$PORT"
fi

pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

healthy() {  # healthy URL SECONDS: wait (bounded) until URL/_stcore/health answers
    "$PYTHON" - "$1" "$2" <<'PY'
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url + "/_stcore/health", timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.3)
sys.exit(1)
PY
}

if [ ! -f "$PRAKERJA_DB" ]; then  # built once here, not by N processes at once
    "$PYTHON" -m prakerja_dash build-demo --db "$PRAKERJA_DB"
fi

upstreams=""
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    "$PYTHON" -m streamlit run serve.py --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true >"$RUN_DIR/streamlit-$port.log" 2>&1 &
    pids+=("$!")
    upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    if ! healthy "http://127.0.0.1:$port" 180; then
        echo "process on port $port did not start; see $RUN_DIR/streamlit-$port.log" >&2
        exit 1
    fi
    # One visit per process: its first run (and the caches of the page the QR code opens) before a crowd.
    "$PYTHON" -m benchmarks.spike --users 1 --warmup 0 --url "http://127.0.0.1:$port" >/dev/null || true
done

# Streamlit's static files, each compressible one with a gzip copy beside it, for nginx to send
# itself (gzip_static in the template): compressed once here rather than once per phone.
STATIC_ROOT="$RUN_DIR/static-root"
rm -rf "$STATIC_ROOT" && mkdir -p "$STATIC_ROOT"
cp -R "$("$PYTHON" -c 'import pathlib, streamlit; print(pathlib.Path(streamlit.__file__).parent / "static" / "static")')" \
    "$STATIC_ROOT/static"
find "$STATIC_ROOT/static" -type f \( -name '*.js' -o -name '*.css' -o -name '*.json' -o -name '*.svg' \
    -o -name '*.txt' -o -name '*.map' \) -exec gzip -k -9 {} +
chmod a+x "$RUN_DIR" && chmod -R a+rX "$STATIC_ROOT"  # started by root, nginx reads them as nobody

conf="$RUN_DIR/nginx.conf"
while IFS= read -r line; do
    if [ "$line" = "@UPSTREAMS@" ]; then
        printf '%s' "$upstreams"
    else
        line=${line//@RUN_DIR@/$RUN_DIR}
        line=${line//@STATIC_ROOT@/$STATIC_ROOT}
        printf '%s\n' "${line//@LISTEN@/$PORT}"
    fi
done <"$REPO/deploy/nginx.conf.template" >"$conf"
"$NGINX" -t -q -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$conf"
"$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$conf" -g 'daemon off;' &
pids+=("$!")
if ! healthy "http://127.0.0.1:$PORT" 30; then
    echo "nginx did not answer on port $PORT; see $RUN_DIR/nginx-error.log" >&2
    exit 1
fi

echo "Dashboard: $PRAKERJA_PUBLIC_URL ($N processes on ports $FIRST_PORT-$((FIRST_PORT + N - 1)) behind nginx)"
echo "Logs and nginx.conf: $RUN_DIR. Ctrl-C stops everything."
wait -n "${pids[@]}"  # any process ending ends the deployment (stop() takes the rest down)
