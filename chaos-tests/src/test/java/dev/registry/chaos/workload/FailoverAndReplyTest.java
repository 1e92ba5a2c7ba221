package dev.registry.chaos.workload;

import com.sun.net.httpserver.HttpServer;
import dev.registry.chaos.history.OpType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How replies become history outcomes, and how the failover client moves between nodes (127.0.0.1 only). */
@Timeout(30)
class FailoverAndReplyTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(300)).build();
    private final CountDownLatch never = new CountDownLatch(1);
    private HttpServer server;
    private int deadPort;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", ex -> answer(ex, 200, "[{\"id\":\"a\",\"status\":\"UP\",\"metadata\":{\"chaos.payload\":\"p\",\"chaos.opId\":\"o1\"}}]"));
        server.createContext("/missing", ex -> answer(ex, 404, "{}"));
        server.createContext("/broken", ex -> answer(ex, 503, "{}"));
        server.createContext("/hang", ex -> {
            try {
                never.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "late");
        });
        server.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    private NodeApi api(String name, int port) {
        return new NodeApi(name, "http://127.0.0.1:" + port, http, Duration.ofMillis(400));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void refusals_are_failures_timeouts_and_5xx_are_indeterminate() {
        int port = server.getAddress().getPort();
        assertEquals(OpType.OK, api("n1", port).get("/ok").type());
        assertEquals(OpType.FAIL, api("n1", port).get("/missing").type());
        assertEquals(OpType.INFO, api("n1", port).get("/broken").type());
        assertEquals(OpType.INFO, api("n1", port).get("/hang").type());
        assertEquals(OpType.FAIL, api("n9", deadPort).get("/ok").type(), "connection refused: never delivered");
    }

    @Test
    void instances_parse_to_read_entries_with_the_workload_metadata() {
        NodeApi n1 = api("n1", server.getAddress().getPort());
        assertEquals("s/a", n1.parseInstances("s", n1.get("/ok")).get(0).key());
        assertEquals("o1", n1.parseInstances("s", n1.get("/ok")).get(0).opId());
        assertEquals(List.of(), n1.parseInstances("s", n1.get("/missing")));
    }

    @Test
    void the_failover_client_moves_on_when_a_node_does_not_answer_and_stays_there() {
        int port = server.getAddress().getPort();
        FailoverClient client = new FailoverClient(List.of(api("n1", deadPort), api("n2", port)), 0);
        FailoverClient.Answer a = client.call(api -> api.get("/ok"));
        assertEquals(OpType.OK, a.reply().type());
        assertEquals("n2", a.node());
        assertEquals("n2", client.currentNode().node(), "sticky after failover");
    }

    @Test
    void after_an_indeterminate_attempt_a_later_refusal_cannot_be_a_definite_failure() {
        int port = server.getAddress().getPort();
        FailoverClient client = new FailoverClient(List.of(api("n1", port), api("n2", port)), 0);
        FailoverClient.Answer a = client.call(api -> api.node().equals("n1") ? api.get("/hang") : api.get("/missing"));
        assertEquals(OpType.INFO, a.reply().type(), "n1 may have applied it before timing out");
        FailoverClient allDown = new FailoverClient(List.of(api("n1", deadPort), api("n2", deadPort)), 0);
        assertEquals(OpType.FAIL, allDown.call(api -> api.get("/ok")).reply().type());
    }
}
