#!/bin/sh
# The official postgres image's start-up contract, in short: on first start,
# create the cluster in PGDATA with POSTGRES_USER and POSTGRES_PASSWORD (password
# auth from the network) and the database POSTGRES_DB; then run the server on
# every interface, with any arguments given after `postgres`.
set -eu
if [ "${1:-}" != postgres ]; then exec "$@"; fi
shift
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
  echo 'POSTGRES_PASSWORD must be set (the official image refuses to start without one, and so does this one)' >&2
  exit 1
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" > "$password_file"
  initdb --username="$POSTGRES_USER" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  rm -f "$password_file"
  echo 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\";" | postgres --single -j -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
