package dev.registry.node.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engines stay behind our interfaces (house style 6): scans the main sources of every module for
 * imports that cross a boundary. A violation names the file and the import.
 */
class ImportBoundariesTest {

    private static final Path ROOT = locateRoot();

    private static Path locateRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conflict-resolution"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<String> violations(String module, Pattern forbidden, Predicate<String> allowedIn) throws IOException {
        Path sources = ROOT.resolve(module).resolve("src/main/java");
        List<String> found = new ArrayList<>();
        if (!Files.exists(sources)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = sources.relativize(file).toString().replace('\\', '/');
                if (allowedIn.test(relative)) {
                    continue;
                }
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import ") && forbidden.matcher(line).find()) {
                        found.add(module + "/" + relative + ": " + line.trim());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void onlyAnAtomixPackageImportsAtomix() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("api", "conflict-resolution", "consensus", "node", "client")) {
            found.addAll(violations(module, Pattern.compile("import (static )?io\\.atomix\\."),
                    path -> path.contains("/atomix/")));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void onlyTheHttpHealthAndCompositionRootImportVertx() throws IOException {
        assertEquals(List.of(), violations("node", Pattern.compile("import (static )?io\\.vertx\\."),
                path -> path.startsWith("dev/registry/node/http/") || path.startsWith("dev/registry/node/health/")
                        || path.equals("dev/registry/node/RegistryNode.java")));
    }

    @Test
    void onlyTheWirePackageImportsKryo() throws IOException {
        assertEquals(List.of(), violations("node", Pattern.compile("import (static )?com\\.esotericsoftware\\."),
                path -> path.startsWith("dev/registry/node/wire/")));
    }

    @Test
    void thePureCoreReadsNoClockAndMakesNoThread() throws IOException {
        Pattern impure = Pattern.compile("import (static )?(java\\.util\\.concurrent\\.|java\\.net\\.|java\\.nio\\."
                + "|java\\.io\\.File|org\\.slf4j\\.)");
        assertEquals(List.of(), violations("conflict-resolution", impure, path -> false));
    }

    /** House style 2: clock reads live in the runtime package (and the storage writer's batch timer). */
    @Test
    void onlyTheRuntimeReadsTheClock() throws IOException {
        List<String> found = new ArrayList<>();
        Path sources = ROOT.resolve("node/src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = sources.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("dev/registry/node/runtime/") || relative.startsWith("dev/registry/node/storage/")) {
                    continue;
                }
                String text = Files.readString(file);
                if (text.contains("System.currentTimeMillis") || text.contains("System.nanoTime")) {
                    found.add(relative);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theClientSeesOnlyTheWireTypes() throws IOException {
        assertEquals(List.of(), violations("client",
                Pattern.compile("import (static )?(dev\\.registry\\.(node|merge|oplog|clock|model|membership)\\.|io\\.vertx\\.)"),
                path -> false));
    }
}
