package dev.registry.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.RegistrationRequest;
import dev.registry.api.ServiceSummary;
import dev.registry.node.http.HostileRequests.Hostile;
import dev.registry.node.registry.RegistryService.Acks;
import dev.registry.node.registry.ServiceSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More than 10,000 generated malformed or hostile requests (random bytes, wrong JSON types, huge bodies,
 * deep JSON, bad UTF-8, path tricks, bad methods, huge headers and query strings, bad framing) sent over
 * raw sockets to a running HttpApi: none may be answered with a 5xx or left hanging, the node stays
 * healthy, and the registry is unchanged. Rerun a failure with {@code -Dbadinput.seed=<seed>}.
 */
@Timeout(120)
public abstract class BadInputSuite {

    /** A running node: its registry (to check nothing changed) and its HTTP base URL. */
    public interface NodeUnderTest extends AutoCloseable {
        dev.registry.node.registry.RegistryService registry();

        java.net.URI base();
    }

    protected abstract NodeUnderTest startNode() throws Exception;

    private static final int REQUESTS = 10_500;
    private static final int THREADS = 4;

    private record Outcome(int status, boolean serverError, boolean timedOut) {
    }

    @Test
    public void hostileRequestsGetNo5xxAndChangeNothing() throws Exception {
        long seed = Long.getLong("badinput.seed", System.nanoTime());
        String rerun = " (seed " + seed + "; rerun with -Dbadinput.seed=" + seed + ")";
        try (NodeUnderTest node = startNode()) {
            for (int i = 0; i < 5; i++) {
                String id = "x" + i;
                node.registry().register("seed-svc", id, new RegistrationRequest("seed-svc", id, "10.0.0." + i, 80 + i,
                        null, "z1", List.of("t"), Map.of("k", "v"), null, null, null), Acks.ONE).join();
            }
            List<ServiceSummary> servicesBefore = node.registry().services();
            ServiceSnapshot seedBefore = node.registry().service("seed-svc");
            long indexBefore = node.registry().index();

            HostileRequests generator = new HostileRequests(seed);
            List<Hostile> requests = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                requests.add(generator.next());
            }
            Map<String, Map<Integer, LongAdder>> byKind = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger nextIndex = new AtomicInteger();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", node.base().getPort());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        int i;
                        while ((i = nextIndex.getAndIncrement()) < REQUESTS && failures.size() < 20) {
                            Hostile h = requests.get(i);
                            Outcome o = send(address, h);
                            byKind.computeIfAbsent(h.kind(), k -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(o.status, k -> new LongAdder()).increment();
                            if (o.serverError || o.timedOut) {
                                failures.add("#" + i + " -> " + (o.timedOut ? "no answer (timeout)" : o.status)
                                        + " for " + h.preview());
                            }
                        }
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(100, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Map<Integer, Long>> summary = new TreeMap<>();
            byKind.forEach((kind, statuses) -> statuses.forEach((status, n) ->
                    summary.computeIfAbsent(kind, k -> new TreeMap<>()).put(status, n.sum())));
            String report = "outcomes by kind (status -> count; -1 = closed without answer): " + summary + rerun;
            System.out.println(report);
            assertEquals(List.of(), failures, report);
            long answered4xx = summary.values().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> e.getKey() >= 400 && e.getKey() < 500).mapToLong(Map.Entry::getValue).sum();
            assertTrue(answered4xx > REQUESTS / 2, "most hostile requests get a 4xx answer: " + report);

            assertEquals(200, new TestHttp().get(node.base(), "/health").status(), "the node is healthy" + rerun);
            assertEquals(indexBefore, node.registry().index(), "no visible change at all" + rerun);
            assertEquals(servicesBefore, node.registry().services(), rerun);
            assertEquals(seedBefore, node.registry().service("seed-svc"), rerun);
            assertEquals(5, new TestHttp().get(node.base(), "/v1/services/seed-svc/instances").json().size());
        }
    }

    /** One request on its own connection; reads every response the server sends until it closes. */
    private static Outcome send(InetSocketAddress address, Hostile h) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(h.bytes());
                out.flush();
                if (h.halfClose()) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer (413, 431) and close before a huge request is fully written.
            }
            String text = readAll(socket.getInputStream());
            int status = text.startsWith("HTTP/1.") && text.length() >= 12
                    ? Integer.parseInt(text.substring(9, 12)) : -1;
            boolean serverError = text.contains("HTTP/1.1 5") || text.contains("HTTP/1.0 5");
            return new Outcome(status, serverError, false);
        } catch (SocketTimeoutException e) {
            return new Outcome(-2, false, true);
        } catch (IOException e) {
            return new Outcome(-1, false, false);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0 && received.size() < (1 << 20)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // A reset after the answer: keep what arrived.
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
