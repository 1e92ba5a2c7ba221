package dev.registry.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the registry-node jar: {@code java -jar registry-node.jar node [flags]}. */
@Command(name = "registry", mixinStandardHelpOptions = true, version = "registry 0.1.0",
        description = "A decentralized service registry node.",
        subcommands = {NodeCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        java.util.Map<String, String> environment = System.getenv();
        commandLine.setDefaultValueProvider(
                new EnvironmentDefaults(environment, EnvironmentDefaults.configFile(args, environment)));
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
