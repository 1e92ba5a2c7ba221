package dev.registry.membership;

import java.io.UncheckedIOException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@code dev.registry.membership.atomix} may import Atomix: the ports stay replaceable. */
class PortPurityTest {
    private static final Path MAIN = Path.of("src/main/java/dev/registry/membership");

    @Test
    void noAtomixImportOutsideTheAtomixPackage() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the consensus module directory: " + MAIN.toAbsolutePath());
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offenders = files
                    .filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !MAIN.relativize(p).startsWith("atomix"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("import io.atomix");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }
}
