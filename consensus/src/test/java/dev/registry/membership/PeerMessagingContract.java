package dev.registry.membership;

import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

/**
 * The {@link PeerMessaging} contract, written once, run on Atomix messaging and on the in-memory twin.
 * One pair per class (each test uses its own subjects): starting Atomix members costs seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PeerMessagingContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** Two members that can message each other. */
    public interface Pair extends AutoCloseable {
        PeerMessaging a();

        PeerMessaging b();

        String aId();

        String bId();

        @Override
        void close();
    }

    protected abstract Pair newPair();

    private Pair pair;
    private ExecutorService handlerThread;

    @BeforeAll
    void open() {
        pair = newPair();
        handlerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "contract-handler"));
    }

    @AfterAll
    void close() {
        handlerThread.shutdownNow();
        pair.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void p1_sendDeliversThePayloadWithTheSendersIdOnTheHandlersExecutor() {
        List<String> got = new CopyOnWriteArrayList<>();
        pair.b().handle("note", (from, payload) -> {
            got.add(from + ":" + new String(payload, StandardCharsets.UTF_8) + ":" + Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }, handlerThread);

        pair.a().send(pair.bId(), "note", bytes("hello"));

        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !got.isEmpty());
        assertEquals(List.of(pair.aId() + ":hello:contract-handler"), got);
    }

    @Test
    void p2_requestReturnsTheHandlersReply() throws Exception {
        pair.b().handle("echo", (from, payload) -> CompletableFuture.completedFuture(
                bytes(from + "<" + new String(payload, StandardCharsets.UTF_8))), handlerThread);

        byte[] reply = pair.a().request(pair.bId(), "echo", bytes("ping"), WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertArrayEquals(bytes(pair.aId() + "<ping"), reply);
    }

    @Test
    void p3_aRequestToAnUnknownMemberFailsWithNotMember() {
        ExecutionException e = assertThrows(ExecutionException.class, () ->
                pair.a().request("nobody", "echo", bytes("x"), WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        NotMemberException notMember = assertInstanceOf(NotMemberException.class, e.getCause());
        assertEquals("nobody", notMember.memberId());
    }

    @Test
    void p4_afterUnhandleARequestFailsInsteadOfBeingAnswered() throws Exception {
        pair.b().handle("gone", (from, payload) -> CompletableFuture.completedFuture(bytes("yes")), handlerThread);
        assertArrayEquals(bytes("yes"), pair.a().request(pair.bId(), "gone", bytes("?"), WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));

        pair.b().unhandle("gone");

        assertThrows(ExecutionException.class, () -> pair.a().request(pair.bId(), "gone", bytes("?"),
                Duration.ofSeconds(2)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void p5_aFailedHandlerFailsTheRequest() {
        pair.b().handle("boom", (from, payload) -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
                handlerThread);

        assertThrows(ExecutionException.class, () -> pair.a().request(pair.bId(), "boom", bytes("?"), WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    @Timeout(5)
    void p6_sendNeverBlocksOrThrowsForAnUnknownMember() {
        assertDoesNotThrow(() -> pair.a().send("nobody", "note", bytes("lost")));
    }
}
