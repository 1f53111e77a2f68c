#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis that DATABASE_URL and REDIS_URL name answer (default: the
# local ones). A server on this machine (127.0.0.1, localhost, ::1) that is installed but stopped
# is started; a server elsewhere is only probed, and if it does not answer the script says so in
# one line and exits 1. Never restarts or reconfigures a server that already answers.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/secpipe}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

# "host port scheme redacted-url" of a URL (IPv6 brackets removed, the password masked for logs).
describe_url() { # url, default port
  node -e '
    const url = new URL(process.argv[1]);
    const host = url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    if (url.password) url.password = "***";
    console.log(host, url.port || process.argv[2], url.protocol.replace(":", ""), url.href);
  ' "$1" "$2"
}
read -r PG_HOST PG_PORT _ PG_SHOWN < <(describe_url "$DATABASE_URL" 5432)
read -r REDIS_HOST REDIS_PORT REDIS_SCHEME REDIS_SHOWN < <(describe_url "$REDIS_URL" 6379)

is_local() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }
tcp_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -t 2 -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null
  else tcp_answers "$PG_HOST" "$PG_PORT"; fi
}
redis_answers() {
  if [ "$REDIS_SCHEME" = redis ] && command -v redis-cli >/dev/null 2>&1; then
    # NOAUTH also answers: the password is the services' business, not this probe's.
    case "$(timeout 2 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1)" in PONG | NOAUTH*) return 0 ;; *) return 1 ;; esac
  else tcp_answers "$REDIS_HOST" "$REDIS_PORT"; fi
}

wait_for() { # probe
  for _ in $(seq 1 50); do "$1" && return 0; sleep 0.2; done
  return 1
}

give_up() { # name, variable, shown url, how to start it
  echo "$1 does not answer at $3 ($2): $4, or \`docker compose up -d postgres redis\`, or set $2 to a server that answers" >&2
  exit 1
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 ||
    give_up PostgreSQL DATABASE_URL "$PG_SHOWN" "install and start it here (apt-get install postgresql-15; pg_ctlcluster 15 main start)"
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  wait_for pg_answers ||
    give_up PostgreSQL DATABASE_URL "$PG_SHOWN" "the local cluster was started but nothing answers on port $PG_PORT (check /var/log/postgresql)"
}

# Queues, dead letters and open batches live in Redis: a Redis this script starts keeps them across
# restarts (append-only file, fsync every second) and never evicts BullMQ's keys.
start_redis() {
  command -v redis-server >/dev/null 2>&1 ||
    give_up Redis REDIS_URL "$REDIS_SHOWN" "install and start it here (apt-get install redis-server; then rerun this script)"
  local dir=/var/lib/redis
  [ "$REDIS_PORT" = 6379 ] || dir="/var/lib/redis/$REDIS_PORT"
  echo "starting Redis on port $REDIS_PORT (append-only file in $dir)"
  mkdir -p "$dir" /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --dir "$dir" \
    --appendonly yes --appendfsync everysec --save "" --maxmemory-policy noeviction \
    --logfile "/var/log/redis/redis-$REDIS_PORT.log"
  wait_for redis_answers ||
    give_up Redis REDIS_URL "$REDIS_SHOWN" "redis-server was started but does not answer (see /var/log/redis/redis-$REDIS_PORT.log)"
}

if ! pg_answers; then
  if is_local "$PG_HOST"; then start_postgres
  else give_up PostgreSQL DATABASE_URL "$PG_SHOWN" "start it on $PG_HOST"; fi
fi

if ! redis_answers; then
  if is_local "$REDIS_HOST"; then start_redis
  else give_up Redis REDIS_URL "$REDIS_SHOWN" "start it on $REDIS_HOST"; fi
fi
echo "PostgreSQL ($PG_HOST:$PG_PORT) and Redis ($REDIS_HOST:$REDIS_PORT) answer"
