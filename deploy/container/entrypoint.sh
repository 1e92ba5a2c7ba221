#!/bin/sh
# Container entrypoint of a registry node: maps the environment a StatefulSet pod gets to the
# node's own REGISTRY_* settings, then execs the JVM (exec: the JVM becomes PID 1 and receives
# the kubelet's SIGTERM directly, which starts the node's graceful shutdown).
#
# Input (set by deploy/k8s/base/statefulset.yaml; anything already set wins):
#   REGISTRY_ID            pod name, e.g. registry-2 (downward API metadata.name)
#   POD_NAMESPACE          pod namespace (downward API metadata.namespace)
#   REGISTRY_PEER_SERVICE  headless Service giving each pod its DNS name
#   REGISTRY_VOTER_COUNT   ordinals 0..N-1 are the Raft voters (default 3)
#   REGISTRY_CLUSTER_DOMAIN  default cluster.local
#   REGISTRY_GOSSIP_PORT   default 7101
#   JAVA_OPTS              extra JVM flags, passed through unchanged
#   REGISTRY_HOME          directory holding registry-node.jar and lib/ (default: ..)
# Output: REGISTRY_ADVERTISE_HOST, REGISTRY_VOTERS, and for ordinals >= N
# REGISTRY_ROLE=peer and REGISTRY_JOIN (the voters' host:port), exported to the node.
# Arguments are passed to `registry node` as extra flags.
set -eu

die() {
  echo "entrypoint: $*" >&2
  exit 64
}

# The packages Atomix 3.1's Kryo serializer reflects into on Java 17; the same list as the
# root pom's atomix.jvm.opens (a test keeps them equal). The jar manifest's Add-Opens covers
# `java -jar` too; these keep the node working if started with -cp.
ATOMIX_OPENS="--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.lang.invoke=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/java.time=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"

# Shell built-ins only from here on (the daemon-less image has /bin/sh and nothing else).
REGISTRY_HOME="${REGISTRY_HOME:-$(cd "${0%/*}/.." && pwd)}"
JAR="$REGISTRY_HOME/registry-node.jar"
[ -f "$JAR" ] || die "no node jar at $JAR (set REGISTRY_HOME)"

if [ -z "${REGISTRY_ID:-}" ]; then
  REGISTRY_ID="${HOSTNAME:-}"
  [ -n "$REGISTRY_ID" ] || read -r REGISTRY_ID < /proc/sys/kernel/hostname
fi
export REGISTRY_ID

# Outside a StatefulSet (no peer Service given) the node's own defaults apply.
if [ -n "${REGISTRY_PEER_SERVICE:-}" ]; then
  case "$REGISTRY_ID" in
    *-[0-9]|*-[0-9][0-9]|*-[0-9][0-9][0-9]) ;;
    *) die "REGISTRY_ID '$REGISTRY_ID' is not a StatefulSet pod name (<set>-<ordinal>)" ;;
  esac
  [ -n "${POD_NAMESPACE:-}" ] || die "POD_NAMESPACE is not set (downward API metadata.namespace)"
  set_name="${REGISTRY_ID%-*}"
  ordinal="${REGISTRY_ID##*-}"
  voter_count="${REGISTRY_VOTER_COUNT:-3}"
  case "$voter_count" in
    ''|*[!0-9]*) die "REGISTRY_VOTER_COUNT '$voter_count' is not a number" ;;
  esac
  [ "$voter_count" -ge 1 ] || die "REGISTRY_VOTER_COUNT must be at least 1"
  gossip_port="${REGISTRY_GOSSIP_PORT:-7101}"
  domain="$REGISTRY_PEER_SERVICE.$POD_NAMESPACE.svc.${REGISTRY_CLUSTER_DOMAIN:-cluster.local}"

  voters=""
  seeds=""
  i=0
  while [ "$i" -lt "$voter_count" ]; do
    host="$set_name-$i.$domain"
    voters="${voters:+$voters,}$set_name-$i@$host:$gossip_port"
    seeds="${seeds:+$seeds,}$host:$gossip_port"
    i=$((i + 1))
  done

  export REGISTRY_ADVERTISE_HOST="${REGISTRY_ADVERTISE_HOST:-$REGISTRY_ID.$domain}"
  export REGISTRY_VOTERS="${REGISTRY_VOTERS:-$voters}"
  # Ordinals past the voters are non-voting peers: they join through the voters.
  if [ "$ordinal" -ge "$voter_count" ]; then
    export REGISTRY_ROLE="${REGISTRY_ROLE:-peer}"
    export REGISTRY_JOIN="${REGISTRY_JOIN:-$seeds}"
  fi
fi

if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi

# Word splitting of the two option strings is intended: each holds several flags.
# shellcheck disable=SC2086
exec "$JAVA" $ATOMIX_OPENS ${JAVA_OPTS:-} -jar "$JAR" node "$@"
