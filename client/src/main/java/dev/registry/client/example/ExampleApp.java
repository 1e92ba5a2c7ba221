package dev.registry.client.example;

import com.sun.net.httpserver.HttpServer;
import dev.registry.api.InstanceStatus;
import dev.registry.api.RegistrationRequest;
import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.registration.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A runnable service that uses the client the way a real one would: it serves "hello" over HTTP,
 * registers itself, and calls the "hello" service (itself and any other instance) once a second,
 * printing who answered and the client's metrics. Ctrl-C deregisters it gracefully.
 *
 * <pre>
 *   java -cp client/target/client-0.1.0-SNAPSHOT.jar:... dev.registry.client.example.ExampleApp \
 *        127.0.0.1:8080,127.0.0.1:8081,127.0.0.1:8082 9001 [zone]
 * </pre>
 */
public final class ExampleApp {

    private ExampleApp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ExampleApp <seed host:port,...> <own port> [zone]");
            System.exit(2);
        }
        List<String> seeds = Arrays.asList(args[0].split(","));
        int port = Integer.parseInt(args[1]);
        String zone = args.length > 2 ? args[2] : null;
        String id = "hello-" + port;

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from " + id + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();

        // The lines a service needs: a client, a registration, and calls through the client.
        RegistryClient client = RegistryClient.builder(ClientConfig.lan(seeds).withZone(zone))
                .listener(event -> System.out.println("event: " + event))
                .build().start();
        Registration self = client.register(new RegistrationRequest("hello", id, "127.0.0.1", port, 100, zone,
                List.of("example"), Map.of("version", "1"), "STARTING", 10, null));
        self.setStatus(InstanceStatus.UP);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.stop(0);
        }, "example-shutdown"));

        while (true) {
            try {
                HttpResponse<String> response = client.call("hello",
                        base -> HttpRequest.newBuilder(base.resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.print(response.statusCode() + " " + response.body());
            } catch (IOException e) {
                System.out.println("call failed: " + e.getMessage());
            }
            System.out.println("metrics: " + client.metrics());
            TimeUnit.SECONDS.sleep(1);
        }
    }
}
