#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on this machine, starting the Debian-packaged servers
# if they are installed but stopped. Never restarts a server that is already answering.
set -euo pipefail

pg_answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

wait_for() { # name, probe
  for _ in $(seq 1 50); do "$2" && return 0; sleep 0.2; done
  echo "$1 did not come up" >&2
  return 1
}

if ! pg_answers; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    wait_for PostgreSQL pg_answers
  else
    echo "PostgreSQL is not answering on 127.0.0.1:5432 and is not installed here; set DATABASE_URL" >&2
    exit 1
  fi
fi

if ! redis_answers; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for Redis redis_answers
  else
    echo "Redis is not answering on 127.0.0.1:6379 and is not installed here; set REDIS_URL" >&2
    exit 1
  fi
fi
echo "PostgreSQL and Redis answer"
