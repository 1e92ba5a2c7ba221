package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastKnownRecordTest {
    @TempDir
    Path dir;

    @Test
    void aSavedRecordIsWhatARestartLoads() {
        MembershipRecord r = new MembershipRecord(4, Map.of("a",
                new Member("a", "h:1", "h:2", Role.VOTER, MemberState.ACTIVE, 9, 0)));
        new LastKnownRecord(dir.resolve("data")).save(r);
        assertEquals(Optional.of(r), new LastKnownRecord(dir.resolve("data")).load());
    }

    @Test
    void aMissingOrCorruptFileMeansNone() throws Exception {
        assertTrue(new LastKnownRecord(dir).load().isEmpty());
        Files.write(dir.resolve("membership-record.bin"), new byte[] {7, 7, 7});
        assertTrue(new LastKnownRecord(dir).load().isEmpty());
    }
}
