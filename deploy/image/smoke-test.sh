#!/bin/sh
# Runs the daemon-less image without a container engine, to check the tarball itself:
# unpacks its layers (in manifest order) into a temporary root, then, as uid 10001 in a chroot
# with the image's environment and a private /proc (own mount and pid namespaces):
#   1. java -version from the jlink runtime;
#   2. the image's entrypoint as one node on 127.0.0.1 (the host network is shared, so it binds
#      loopback only), waits for GET /health, sends SIGTERM and expects exit code 0.
# Needs root (chroot, mount) and curl. Usage, from the repository root:
#   sudo sh deploy/image/smoke-test.sh [deploy/image/target/registry-node-image.tar] [http port] [gossip port]
set -eu

tarball="${1:-deploy/image/target/registry-node-image.tar}"
http_port="${2:-17001}"
gossip_port="${3:-17101}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir "$work/rootfs"
tar -xf "$tarball" -C "$work" 2>/dev/null
for layer in $(grep -o '[0-9a-f]\{64\}\.tar\.gz' "$work/manifest.json"); do
  tar -xzf "$work/$layer" -C "$work/rootfs" 2>/dev/null
done
mkdir -p "$work/rootfs/proc"
# The image's Env, one KEY=value per line (values here contain no quotes or commas).
sed -e 's/.*"Env":\[\([^]]*\)\].*/\1/' -e 's/","/\n/g' -e 's/"//g' "$work/config.json" > "$work/env"
echo "image environment:"; sed 's/^/  /' "$work/env"; echo

unshare --mount --pid --fork sh -s "$work" "$http_port" "$gossip_port" <<'INNER'
set -eu
work="$1"; http_port="$2"; gossip_port="$3"
mount -t proc proc "$work/rootfs/proc"
chroot="$(command -v chroot)"
# The image's environment only; word splitting of the KEY=value list is intended.
run() { env -i $(cat "$work/env") "$@"; }
run "$chroot" --userspec=10001:10001 "$work/rootfs" /opt/java/bin/java -version
run REGISTRY_ID=smoke REGISTRY_HTTP_HOST=127.0.0.1 REGISTRY_HTTP_PORT="$http_port" \
    REGISTRY_GOSSIP_HOST=127.0.0.1 REGISTRY_GOSSIP_PORT="$gossip_port" REGISTRY_ADVERTISE_HOST=127.0.0.1 \
    REGISTRY_VOTERS="smoke@127.0.0.1:$gossip_port" \
    "$chroot" --userspec=10001:10001 "$work/rootfs" /opt/registry/bin/entrypoint.sh > "$work/node.log" 2>&1 &
node=$!
i=0
until curl -fsS "http://127.0.0.1:$http_port/health" > /dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 120 ] || ! kill -0 "$node" 2>/dev/null; then
    echo "smoke: node not healthy; its log:" >&2; cat "$work/node.log" >&2
    kill -KILL "$node" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
echo "smoke: /health answered 200 after ~$((i / 2)) s"
kill -TERM "$node"
code=0; wait "$node" || code=$?
echo "smoke: node exited with $code after SIGTERM"
umount "$work/rootfs/proc"
[ "$code" -eq 0 ]
INNER
