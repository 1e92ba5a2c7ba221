package dev.registry.node.storage;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process KillNineTest kills: appends records from several threads forever and prints
 * "ACK &lt;recordNumber&gt; &lt;key&gt; END" for each one only after its future completed (it is durable).
 * Arguments: log directory, appender threads, run tag (keeps keys unique across runs).
 */
public final class KillNineChild {

    private KillNineChild() {
    }

    /** The record body for a key: the key, then padding to about 200 bytes like a registry operation. */
    static byte[] payload(String key) {
        return (key + "|" + "v".repeat(190)).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String tag = args[2];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        DurableLog log = DurableLog.open(dir, StorageConfig.test());
        log.start();
        out.println("READY " + log.lastDurableRecord());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String key = tag + "-" + thread + "-" + i;
                    long number = log.append(payload(key)).join();
                    out.println("ACK " + number + " " + key + " END");
                }
            }, "appender-" + t);
            appender.start();
        }
    }
}
