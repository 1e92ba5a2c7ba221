package dev.registry.node.storage;

import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InMemoryDurableLogContractTest extends RecordLogContract {

    @Override
    protected RecordLog newLog() {
        RecordLog log = track(new InMemoryDurableLog(InMemoryDurableLog.Sync.ON_APPEND, 1024));
        log.start();
        return log;
    }
}
