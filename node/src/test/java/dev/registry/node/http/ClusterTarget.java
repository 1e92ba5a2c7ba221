package dev.registry.node.http;

import java.net.URI;
import java.util.List;

/**
 * What the HTTP contract suites need of a cluster: the base URLs of (at least) three nodes serving the
 * API, and a way to wait until writes made on one are visible on all. Implemented now by three HttpApis
 * over one in-memory registry; a real 3-node cluster implements it the same way.
 */
public interface ClusterTarget extends AutoCloseable {

    /** Base URLs such as {@code http://127.0.0.1:41234}, one per node; at least three. */
    List<URI> nodes();

    /** Blocks until every write acknowledged so far is visible on every node (bounded; fails on timeout). */
    void awaitReplicated();

    /** Whether {@link #peersReachable} works: the target can make acks=2 writes fail with 503. */
    default boolean canIsolatePeers() {
        return false;
    }

    /** Makes every node's peers unreachable for acks=2 confirmations (false), or reachable again (true). */
    default void peersReachable(boolean reachable) {
        throw new IllegalStateException("this target cannot isolate peers");
    }

    /** Whether {@link #ready} works: the target can make node 0 report not ready. */
    default boolean canToggleReady() {
        return false;
    }

    /** Makes node 0 report ready or not ready. */
    default void ready(boolean value) {
        throw new IllegalStateException("this target cannot toggle readiness");
    }

    /** Open watch subscriptions held by the registry of node {@code i}, to check that none leaks; -1 if unknown. */
    default int registryWatchSubscriptions(int i) {
        return -1;
    }

    @Override
    void close();
}
