package dev.registry.chaos.workload;

import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Client processes that register, heartbeat, change status, deregister and read, each on its own
 * thread with its own seeded random and its own keys (Jepsen's independent keys: one writer per
 * key, so real-time order per key is the process's program order). Plain processes pick a random
 * node per operation; failover processes go through a {@link FailoverClient}. Every operation is
 * recorded as invoke + completion. {@code start()} runs, {@code stop()} ends and joins.
 */
public final class Workload {
    private static final List<String> STATUSES = List.of("UP", "OUT_OF_SERVICE", "DOWN", "STARTING");

    /**
     * @param acks        1: ack after the local durable append; 2: also one peer (wipe schedules)
     * @param thinkMillis pause between two operations of one process
     */
    public record Config(String service, int plainProcesses, int failoverProcesses, int clientLibraryProcesses,
                         int ttlSeconds, int acks, long thinkMillis) {
    }

    private final HistoryRecorder recorder;
    private final List<NodeApi> nodes;
    private final Config config;
    private final long seed;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    public Workload(HistoryRecorder recorder, List<NodeApi> nodes, Config config, long seed) {
        this.recorder = recorder;
        this.nodes = List.copyOf(nodes);
        this.config = config;
        this.seed = seed;
    }

    /** Process numbers of the failover clients and the Java-client processes (the FailoverChecker measures them). */
    public Set<Integer> failoverProcesses() {
        return IntStream.range(config.plainProcesses(), total()).boxed().collect(Collectors.toSet());
    }

    private int total() {
        return config.plainProcesses() + config.failoverProcesses() + config.clientLibraryProcesses();
    }

    public void start() {
        running.set(true);
        SplittableRandom root = new SplittableRandom(seed);
        int libraryFrom = config.plainProcesses() + config.failoverProcesses();
        for (int p = 0; p < total(); p++) {
            SplittableRandom random = root.split();
            int process = p;
            FailoverClient failover = p >= config.plainProcesses() ? new FailoverClient(nodes, p) : null;
            Runnable body = p >= libraryFrom
                    ? () -> new ClientLibraryProcess(process, recorder, config, peers()).run(random, running::get,
                            TimeUnit.MILLISECONDS.toNanos(config.thinkMillis() * 2))
                    : () -> loop(process, random, failover);
            Thread t = new Thread(body, "workload-" + p);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops issuing operations and waits for the ones in flight (each is bounded by the HTTP timeout). */
    public void stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** "host:port" of each node, as the Java client names its peers, to the node name. */
    private Map<String, String> peers() {
        Map<String, String> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.put(n.authority(), n.node()));
        return out;
    }

    /** One READ on {@code api} recorded in the history (the final reads use it too). */
    public void read(int process, NodeApi api) {
        Op inv = recorder.invoke(process, OpKind.READ, api.node(), null, null, recorder.nextOpId());
        Reply r = api.get("/v1/services/" + config.service() + "/instances");
        List<ReadEntry> entries = r.ok() || r.status() == 404 ? api.parseInstances(config.service(), r) : List.of();
        OpType type = r.status() == 404 ? OpType.OK : r.type() == OpType.INFO ? OpType.FAIL : r.type();
        recorder.complete(inv, type, null, entries, r.error());
    }

    private void loop(int process, SplittableRandom random, FailoverClient failover) {
        List<String> live = new ArrayList<>();
        int counter = 0;
        while (running.get()) {
            int dice = random.nextInt(failover == null ? 100 : 75);
            if (failover == null && dice >= 75) {
                read(process, nodes.get(random.nextInt(nodes.size())));
            } else if (dice < 30 || live.isEmpty()) {
                String id = "p" + process + "-k" + counter++;
                String payload = "v" + random.nextInt(1_000_000);
                if (write(process, random, failover, OpKind.REGISTER, id, payload).ok()) {
                    live.add(id);
                }
            } else if (dice < 40) {
                String id = live.get(random.nextInt(live.size()));
                write(process, random, failover, OpKind.REGISTER, id, "v" + random.nextInt(1_000_000));
            } else if (dice < 55) {
                write(process, random, failover, OpKind.HEARTBEAT, live.get(random.nextInt(live.size())), null);
            } else if (dice < 63) {
                String status = STATUSES.get(random.nextInt(STATUSES.size()));
                write(process, random, failover, OpKind.SET_STATUS, live.get(random.nextInt(live.size())), status);
            } else {
                String id = live.remove(random.nextInt(live.size()));
                write(process, random, failover, OpKind.DEREGISTER, id, null);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(config.thinkMillis()));
        }
    }

    private Reply write(int process, SplittableRandom random, FailoverClient failover, OpKind kind, String id, String value) {
        String key = config.service() + "/" + id;
        String opId = recorder.nextOpId();
        Function<NodeApi, Reply> request = api -> switch (kind) {
            case REGISTER -> api.register(config.service(), id, value, opId, config.ttlSeconds(), config.acks());
            case DEREGISTER -> api.deregister(config.service(), id, config.acks());
            case HEARTBEAT -> api.heartbeat(config.service(), id);
            case SET_STATUS -> api.setStatus(config.service(), id, value, config.acks());
            default -> throw new IllegalArgumentException("not a write: " + kind);
        };
        NodeApi first = failover != null ? failover.currentNode() : nodes.get(random.nextInt(nodes.size()));
        Op inv = recorder.invoke(process, kind, first.node(), key, value, opId);
        FailoverClient.Answer answer = failover != null ? failover.call(request)
                : new FailoverClient.Answer(request.apply(first), first.node());
        recorder.complete(inv, answer.node(), answer.reply().type(), null, List.of(), answer.reply().error());
        return answer.reply();
    }
}
