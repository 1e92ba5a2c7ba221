package dev.registry.node.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for flags the command line leaves out: the environment variable REGISTRY_FLAG_NAME first
 * (Kubernetes-friendly), then the optional properties file ({@code flag-name=value}), then the
 * flag's own default. A flag given on the command line always wins.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Properties file;

    EnvironmentDefaults(Map<String, String> environment, Path configFile) {
        this.environment = environment;
        this.file = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("config: cannot read " + configFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** The file named by --config or REGISTRY_CONFIG, found before the other flags are parsed. */
    static Path configFile(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = environment.get("REGISTRY_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    static String environmentName(String longFlag) {
        return "REGISTRY_" + longFlag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String longName = option.longestName();
        String fromEnv = environment.get(environmentName(longName));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String fromFile = file.getProperty(longName.replaceFirst("^--", ""));
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile.trim();
        }
        return option.defaultValue();
    }
}
