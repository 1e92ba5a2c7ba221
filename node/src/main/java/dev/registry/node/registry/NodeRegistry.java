package dev.registry.node.registry;

import dev.registry.api.ClusterStatus;
import dev.registry.api.HistoryEntry;
import dev.registry.api.InstanceStatus;
import dev.registry.api.Limits;
import dev.registry.api.MemberList;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.ServiceSummary;
import dev.registry.api.WatchEvent;
import dev.registry.merge.ApplyResult;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link RegistryService} over the registry core: every call hops onto the registry thread, and every
 * read answers from published snapshots without hopping. Writes are refused (503) while the node
 * shuts down or after its storage failed.
 */
public final class NodeRegistry implements RegistryService {

    /** Answers a write needing one peer's confirmation (acks=2); completes false when none confirmed. */
    public interface PeerConfirmation {
        CompletableFuture<Boolean> confirm(List<dev.registry.oplog.Operation> ops);
    }

    private final RegistryCore core;
    private final LeaseKeeper leases;
    private final PeerConfirmation confirmation;
    private final Supplier<ClusterStatus> status;
    private final Supplier<MemberList> members;
    private final Supplier<Boolean> ready;
    private volatile boolean acceptingWrites = true;
    private final java.util.function.BooleanSupplier writesOpen;
    private final LongSupplier wallMillis;
    private final long deadlineToleranceMillis;

    NodeRegistry(RegistryCore core, LeaseKeeper leases, PeerConfirmation confirmation, Supplier<ClusterStatus> status,
                 Supplier<MemberList> members, Supplier<Boolean> ready, java.util.function.BooleanSupplier writesOpen,
                 LongSupplier wallMillis, long deadlineToleranceMillis) {
        this.writesOpen = writesOpen;
        this.wallMillis = wallMillis;
        this.deadlineToleranceMillis = deadlineToleranceMillis;
        this.core = core;
        this.leases = leases;
        this.confirmation = confirmation;
        this.status = status;
        this.members = members;
        this.ready = ready;
    }

    /** Graceful shutdown, first step: refuse new writes. */
    public void stopWrites() {
        acceptingWrites = false;
    }

    @Override
    public CompletableFuture<WriteResult> register(String service, String id, RegistrationRequest request,
                                                   WriteTerms terms) {
        InstanceKey key = new InstanceKey(service, id);
        return guarded(() -> onLoop(() -> {
            WriteResult late = lateness(terms);
            return late != null ? CompletableFuture.completedFuture(late)
                    : registerOnLoop(key, request).thenCompose(result -> confirmed(result, terms.acks(), this::okOf));
        }));
    }

    private CompletableFuture<ApplyResult> registerOnLoop(InstanceKey key, RegistrationRequest request) {
        Registration registration = toRegistration(request);
        InstanceStatus status = request.status() == null ? InstanceStatus.UP
                : InstanceStatus.parse(request.status()).orElse(InstanceStatus.UP);
        // The lease is taken as the registration applies (LeaseKeeper.applied).
        return core.write(key, new OpPayload.Register(registration, status, core.localId()));
    }

    @Override
    public CompletableFuture<WriteResult> heartbeat(String service, String id) {
        InstanceKey key = new InstanceKey(service, id);
        return guarded(() -> onLoop(() -> {
            RegistryCore.Instance instance = core.instance(key);
            if (instance == null) {
                return CompletableFuture.completedFuture((WriteResult) new WriteResult.NotFound(service, id));
            }
            if (leases.heartbeat(key)) {
                return CompletableFuture.completedFuture(okOf(instance.state().view()));
            }
            // The client failed over to this node: take the lease over (rule L3's other path).
            leases.take(key, instance.state().registration().ttlSeconds());
            return core.write(key, new OpPayload.Adopt(core.localId())).thenApply(this::okOf);
        }));
    }

    @Override
    public CompletableFuture<WriteResult> setStatus(String service, String id, InstanceStatus status, WriteTerms terms) {
        InstanceKey key = new InstanceKey(service, id);
        return existing(key, () -> core.write(key, new OpPayload.SetStatus(status)), terms);
    }

    @Override
    public CompletableFuture<WriteResult> deregister(String service, String id, WriteTerms terms) {
        InstanceKey key = new InstanceKey(service, id);
        return existing(key, () -> core.write(key, new OpPayload.Deregister()), terms);
    }

    private CompletableFuture<WriteResult> existing(InstanceKey key, Supplier<CompletableFuture<ApplyResult>> write,
                                                    WriteTerms terms) {
        return guarded(() -> onLoop(() -> {
            WriteResult late = lateness(terms);
            if (late != null) {
                return CompletableFuture.completedFuture(late);
            }
            if (core.instance(key) == null) {
                return CompletableFuture.completedFuture(new WriteResult.NotFound(key.service(), key.id()));
            }
            return write.get().thenCompose(result -> confirmed(result, terms.acks(), this::okOf));
        }));
    }

    /** Registry thread, just before the operation is stamped: rule R1 ({@link WriteTerms#lateness}). */
    private WriteResult lateness(WriteTerms terms) {
        return terms.lateness(wallMillis.getAsLong(), deadlineToleranceMillis);
    }

    @Override
    public CompletableFuture<List<WriteResult>> registerBatch(List<RegistrationRequest> requests, WriteTerms terms) {
        Acks acks = terms.acks();
        if (!acceptingWrites || core.storageFailed() || !writesOpen.getAsBoolean()) {
            List<WriteResult> refused = new ArrayList<>();
            requests.forEach(r -> refused.add(unavailable()));
            return CompletableFuture.completedFuture(refused);
        }
        return onLoop(() -> {
            WriteResult late = lateness(terms);
            if (late != null) {
                return CompletableFuture.completedFuture(requests.stream().map(r -> late).toList());
            }
            List<InstanceKey> keys = new ArrayList<>(requests.size());
            List<OpPayload> payloads = new ArrayList<>(requests.size());
            for (RegistrationRequest request : requests) {
                InstanceKey key = new InstanceKey(request.service(), request.id());
                Registration registration = toRegistration(request);
                keys.add(key);
                payloads.add(new OpPayload.Register(registration, request.status() == null ? InstanceStatus.UP
                        : InstanceStatus.parse(request.status()).orElse(InstanceStatus.UP), core.localId()));
            }
            return core.writeAll(keys, payloads).thenCompose(results -> confirmedAll(results, acks));
        });
    }

    private CompletableFuture<List<WriteResult>> confirmedAll(List<ApplyResult> results, Acks acks) {
        List<dev.registry.oplog.Operation> ops = results.stream().map(ApplyResult::op).toList();
        CompletableFuture<Boolean> peer = acks == Acks.TWO ? confirmation.confirm(ops)
                : CompletableFuture.completedFuture(true);
        return peer.thenApply(confirmedByPeer -> {
            List<WriteResult> out = new ArrayList<>(results.size());
            for (ApplyResult result : results) {
                out.add(confirmedByPeer ? okOf(result) : notConfirmed());
            }
            return out;
        });
    }

    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> task) {
        return core.loop().submit(task).thenCompose(Function.identity());
    }

    /**
     * Refuses writes while shutting down or after a storage failure, and turns the node's own failures
     * (storage, a stopped loop) into a 503 the client can fail over on, never an exception to the caller.
     */
    private CompletableFuture<WriteResult> guarded(Supplier<CompletableFuture<WriteResult>> write) {
        if (!acceptingWrites || core.storageFailed() || !writesOpen.getAsBoolean()) {
            return CompletableFuture.completedFuture(unavailable());
        }
        return write.get().exceptionally(error -> new WriteResult.Unavailable("this node could not complete the "
                + "write (" + rootMessage(error) + "); retry, here or on another node"));
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private CompletableFuture<WriteResult> confirmed(ApplyResult result, Acks acks,
                                                     Function<ApplyResult, WriteResult> ok) {
        if (acks == Acks.ONE) {
            return CompletableFuture.completedFuture(ok.apply(result));
        }
        return confirmation.confirm(List.of(result.op())).thenApply(yes -> yes ? ok.apply(result) : notConfirmed());
    }

    private WriteResult okOf(ApplyResult result) {
        var instance = result.after() != null ? result.after() : result.before();
        long index = core.replica().state().serviceIndex(result.key().service());
        return new WriteResult.Ok(instance == null ? null : instance.view(), index);
    }

    private WriteResult okOf(dev.registry.api.InstanceView view) {
        return new WriteResult.Ok(view, core.views().serviceIndex(view.service()));
    }

    private static WriteResult notConfirmed() {
        return new WriteResult.Unavailable("stored durably on this node and replicating, but no peer confirmed "
                + "it in time (acks=2): the write survives unless this node's disk is lost before it replicates");
    }

    private WriteResult unavailable() {
        if (core.storageFailed()) {
            return new WriteResult.Unavailable("this node's storage failed; write to another node");
        }
        if (!acceptingWrites) {
            return new WriteResult.Unavailable("this node is shutting down; write to another node");
        }
        return new WriteResult.Unavailable("this node started with an empty data directory and has not heard "
                + "from a peer yet; retry in a moment or write to another node");
    }

    static Registration toRegistration(RegistrationRequest r) {
        return new Registration(r.host(), r.port(), r.weight() == null ? Limits.WEIGHT_DEFAULT : r.weight(),
                r.zone(), r.tags(), r.metadata(),
                r.ttlSeconds() == null ? Limits.TTL_DEFAULT_SECONDS : r.ttlSeconds(), r.check());
    }

    @Override
    public ServiceSnapshot service(String service) {
        return core.views().service(service);
    }

    @Override
    public List<ServiceSummary> services() {
        return core.views().summaries();
    }

    @Override
    public long index() {
        return core.views().index();
    }

    @Override
    public CompletableFuture<Long> awaitChange(String service, long afterIndex, Duration maxWait) {
        long current = core.views().serviceIndex(service);
        if (current > afterIndex || maxWait.isZero() || maxWait.isNegative()) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        core.loop().execute(() -> {
            long now = core.views().serviceIndex(service);
            if (now > afterIndex) {
                future.complete(now);
            } else {
                core.feed().await(service, afterIndex, future);
            }
        });
        return future.completeOnTimeout(-1L, maxWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(index -> index < 0 ? core.views().serviceIndex(service) : index);
    }

    @Override
    public AutoCloseable watch(Set<String> services, Consumer<WatchEvent> listener) {
        return core.feed().subscribe(services, listener);
    }

    @Override
    public CompletableFuture<List<HistoryEntry>> history(String service, String id) {
        InstanceKey key = new InstanceKey(service, id);
        return core.loop().submit(() -> core.history(key));
    }

    @Override
    public ClusterStatus clusterStatus() {
        return status.get();
    }

    @Override
    public MemberList members() {
        return members.get();
    }

    @Override
    public boolean ready() {
        return ready.get();
    }
}
