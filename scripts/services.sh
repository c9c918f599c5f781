#!/usr/bin/env bash
# Starts the shared servers the tests use when they are not running: Redis on 6379 and
# PostgreSQL on 5432 with a `test` database reachable as postgres over TCP without a
# password (the tests' default URL). Dovecot, SMTP and the sandbox are started by the
# tests themselves. On a fresh machine this opens PostgreSQL to trust on 127.0.0.1:
# do not run it on a machine whose PostgreSQL holds anything of value.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! answers 6379; then
  echo "services: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/madoguchi-redis.log
fi

if ! answers 5432; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "services: PostgreSQL is not installed (run scripts/bootstrap.sh --test)" >&2
    exit 1
  fi
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q "madoguchi-tests" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # madoguchi-tests' "$hba"
  fi
  echo "services: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 50); do answers 5432 && break; sleep 0.2; done
fi

if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
  echo "services: cannot log in to PostgreSQL as postgres on 127.0.0.1 without a password" >&2
  exit 1
fi
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='test'")" != "1" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database test"
fi
