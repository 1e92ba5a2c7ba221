package dev.registry.chaos.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Stand-in for a node process while the real node jar does not exist: a tiny HTTP server in a node
 * namespace. {@code GET /health} answers its name; {@code GET /probe?host=h&port=p} makes an
 * outgoing request to another namespace (so node-to-node cuts can be observed) and answers
 * {@code ok}, {@code timeout} or {@code error:<reason>}. Args: host port name runMarker (the
 * marker only tags the command line so the test can find strays from outside).
 */
public final class StandInServer {

    private StandInServer() {
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String name = args[2];
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/health", ex -> answer(ex, name));
        server.createContext("/probe", ex -> {
            String[] q = ex.getRequestURI().getQuery().split("&");
            String target = q[0].substring("host=".length());
            String targetPort = q[1].substring("port=".length());
            answer(ex, probe("http://" + target + ":" + targetPort + "/health"));
        });
        server.start();
    }

    private static String probe(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(800);
            c.setReadTimeout(800);
            c.getInputStream().readAllBytes();
            return "ok";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "error:" + e.getClass().getSimpleName();
        }
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
