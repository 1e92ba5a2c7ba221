#!/bin/sh
# Runs one replication benchmark in a fresh network namespace (unprivileged: unshare -r maps us to root
# there), so the lo byte counters see only that JVM's traffic and start at zero.
#   benchmarks/src/main/sh/in-netns.sh [-XmxNg] <main class simple name> [args...]
# REPL_BENCH_JAR overrides the jar (a private copy: other builds rewrite target/ while a run reads it).
# Extra JVM options (a JFR recording, say) go in REPL_BENCH_JAVA_OPTS. The collector is the one ./registry
# runs nodes with (parallel), with the heap fixed at its maximum from the start.
# e.g. benchmarks/src/main/sh/in-netns.sh -Xmx8g SideBySideBenchmark 100000 10 3
set -eu
here=$(cd "$(dirname "$0")/../../.." && pwd)
heap=-Xmx4g
case "${1:-}" in -Xmx*) heap=$1; shift ;; esac
main=$1; shift
jar=${REPL_BENCH_JAR:-$here/target/benchmarks.jar}
opens=""
for p in java.lang java.lang.reflect java.lang.invoke java.util java.util.concurrent java.util.concurrent.atomic \
         java.util.concurrent.locks java.nio java.io java.net java.time sun.nio.ch; do
  opens="$opens --add-opens java.base/$p=ALL-UNNAMED"
done
exec unshare -rn sh -c "ip link set lo up && REPL_BENCH_NETNS=1 exec java $heap -Xms${heap#-Xmx} -XX:+UseParallelGC $opens -Dorg.slf4j.simpleLogger.defaultLogLevel=error ${REPL_BENCH_JAVA_OPTS:-} \
  -cp '$jar' dev.registry.bench.replication.$main $*"
