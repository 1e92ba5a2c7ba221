package dev.registry.node.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DurableLogContractTest extends RecordLogContract {

    @TempDir
    Path dir;

    private int opened;

    @Override
    protected RecordLog newLog() throws Exception {
        RecordLog log = track(DurableLog.open(dir.resolve("log" + opened++), StorageConfig.test()));
        log.start();
        return log;
    }
}
