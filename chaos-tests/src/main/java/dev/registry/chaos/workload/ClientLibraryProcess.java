package dev.registry.chaos.workload;

import dev.registry.api.InstanceStatus;
import dev.registry.api.RegistrationRequest;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.registration.Registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A workload process that goes through the project's Java client (dev.registry.client), so the
 * history also covers its peer failover, its re-registration on 404 and its graceful deregister.
 * Outcomes follow what the client can know: a register is OK once the client saw it
 * acknowledged, else INFO (the client keeps retrying in the background); a status change is OK
 * when the client reports success, else INFO; a graceful deregister (out of service, drain,
 * DELETE) reports nothing back, so it is always INFO. Runs on its own thread; {@link #run} returns
 * after it deregistered every instance it still holds (recorded, so no write goes unrecorded).
 */
final class ClientLibraryProcess {
    private final int process;
    private final HistoryRecorder recorder;
    private final Workload.Config config;
    private final Map<String, String> nodeByPeer;
    private final List<String> seeds;

    ClientLibraryProcess(int process, HistoryRecorder recorder, Workload.Config config, Map<String, String> nodeByPeer) {
        this.process = process;
        this.recorder = recorder;
        this.config = config;
        this.nodeByPeer = Map.copyOf(nodeByPeer);
        this.seeds = List.copyOf(nodeByPeer.keySet());
    }

    void run(SplittableRandom random, BooleanSupplier running, long thinkNanos) {
        RegistryClient client = RegistryClient.builder(ClientConfig.test(seeds).withShutdownHook(false)).build().start();
        List<Registration> live = new ArrayList<>();
        List<String> liveIds = new ArrayList<>();
        int counter = 0;
        try {
            while (running.getAsBoolean()) {
                int dice = random.nextInt(100);
                if (dice < 45 || live.isEmpty()) {
                    String id = "c" + process + "-k" + counter++;
                    Registration r = register(client, id, "v" + random.nextInt(1_000_000));
                    if (r != null) {
                        live.add(r);
                        liveIds.add(id);
                    }
                } else if (dice < 70) {
                    int i = random.nextInt(live.size());
                    InstanceStatus s = random.nextBoolean() ? InstanceStatus.UP : InstanceStatus.DOWN;
                    setStatus(client, live.get(i), liveIds.get(i), s);
                } else {
                    int i = random.nextInt(live.size());
                    deregister(client, live.remove(i), liveIds.remove(i));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(thinkNanos);
            }
            for (int i = 0; i < live.size(); i++) {
                deregister(client, live.get(i), liveIds.get(i));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Registration register(RegistryClient client, String id, String payload) throws InterruptedException {
        String opId = recorder.nextOpId();
        Op inv = recorder.invoke(process, OpKind.REGISTER, node(client), config.service() + "/" + id, payload, opId);
        RegistrationRequest req = new RegistrationRequest(config.service(), id, "10.99.0.2", 8080, null, null, null,
                Map.of(NodeApi.PAYLOAD, payload, NodeApi.OP_ID, opId), "UP", config.ttlSeconds(), null);
        try {
            Registration r = client.register(req);
            recorder.complete(inv, node(client), r.registered() ? OpType.OK : OpType.INFO, null, List.of(),
                    r.registered() ? null : "no peer answered; the client keeps retrying");
            return r;
        } catch (IllegalArgumentException e) {
            recorder.complete(inv, node(client), OpType.FAIL, null, List.of(), e.getMessage());
            return null;
        }
    }

    private void setStatus(RegistryClient client, Registration r, String id, InstanceStatus status) throws InterruptedException {
        Op inv = recorder.invoke(process, OpKind.SET_STATUS, node(client), config.service() + "/" + id, status.name(),
                recorder.nextOpId());
        boolean ok = r.setStatus(status);
        recorder.complete(inv, node(client), ok ? OpType.OK : OpType.INFO, null, List.of(), ok ? null : "not confirmed");
    }

    private void deregister(RegistryClient client, Registration r, String id) throws InterruptedException {
        Op inv = recorder.invoke(process, OpKind.DEREGISTER, node(client), config.service() + "/" + id, null,
                recorder.nextOpId());
        r.close();
        recorder.complete(inv, node(client), OpType.INFO, null, List.of(), "graceful deregister reports no outcome");
    }

    private String node(RegistryClient client) {
        return nodeByPeer.getOrDefault(client.currentPeer(), client.currentPeer());
    }
}
