#!/bin/sh
# Debian's redis-server binds loopback in protected mode; the official image
# listens on every interface without it, the container network being the
# boundary. Do the same, keeping any arguments the caller adds.
set -eu
if [ "${1:-}" = redis-server ]; then
  shift
  set -- redis-server --bind 0.0.0.0 --protected-mode no --save '' --appendonly no "$@"
fi
exec "$@"
