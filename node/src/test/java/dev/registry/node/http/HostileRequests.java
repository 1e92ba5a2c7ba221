package dev.registry.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of malformed and hostile HTTP/1.1 requests, as raw bytes. Every request it makes is
 * invalid by construction (never a valid write), so the registry must be unchanged after any number of
 * them. {@code halfClose}: the request may be incomplete, so the client closes its output to end it.
 */
final class HostileRequests {
    record Hostile(String kind, byte[] bytes, boolean halfClose) {
        String preview() {
            String text = new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1);
            return kind + ": " + text.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }

    private static final List<String> PATHS = List.of(
            "/v1/services", "/v1/services/s/instances", "/v1/services/s/instances/i",
            "/v1/services/s/instances/i/status", "/v1/services/s/instances/i/heartbeat", "/v1/instances:batch",
            "/v1/watch", "/v1/instances/s/i/history", "/v1/cluster/members", "/v1/cluster/status", "/health",
            "/ready", "/metrics", "/ui/", "/ui/app.js");
    private static final List<String> TRICKS = List.of(
            "/v1/services/../../../etc/passwd", "/v1/services/%2e%2e/%2e%2e/instances", "/v1/services/a%2Fb/instances",
            "/v1/services/%00/instances", "/v1/services/%ZZ/instances", "/v1/services/%c0%ae%c0%ae/instances",
            "//v1//services//", "/v1/services/s/instances/..%2f..%2fsecret", "/ui/../../pom.xml", "/ui/%2e%2e/x",
            "/v1/services/%E2%80%AE/instances", "/v1/services/s;jsessionid=1/instances", "/v1/services/\\..\\x",
            "/v1/instances%3Abatch", "/V1/SERVICES", "/v1/services/s/instances?index=%FF%FE", "/%", "/v1/%",
            "/v1/services/" + "a".repeat(300) + "/instances", "*", "http://evil.example/v1/services",
            "/v1/watch?service=%ZZ", "/v1/services/s/instances?tag=%", "/v1/services/s/instances?&&&==&=");
    private static final List<String> METHODS = List.of(
            "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "PROPFIND",
            "FOO", "G\u00c9T", "X".repeat(200));
    private static final List<String> WRONG_VALUES = List.of(
            "\"text\"", "[]", "{}", "true", "null", "1.5", "-1", "99999999999999999999", "1e400", "[1,[2,[3]]]",
            "{\"a\":{\"b\":[]}}", "\"\\u0000\"", "\"\\ud800\"", "-0", "0x10");

    private final SplittableRandom random;

    HostileRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Hostile next() {
        int kind = random.nextInt(14);
        return switch (kind) {
            case 0 -> new Hostile("random-bytes", randomBytes(1 + random.nextInt(2_000)), true);
            case 1 -> body("random-body", writeRoute(), randomBytes(random.nextInt(4_000)), "application/json");
            case 2 -> body("wrong-types", "PUT /v1/services/s/instances/i", wrongTypes(), "application/json");
            case 3 -> random.nextInt(50) == 0
                    ? body("huge-body", writeRoute(), hugeBody(), "application/json")
                    : body("deep-json", writeRoute(), deepJson(), "application/json");
            case 4 -> body("bad-utf8", writeRoute(), badUtf8Json(), "application/json");
            case 5 -> plain("path-trick", pick(List.of("GET", "HEAD", "OPTIONS", "PATCH")), pick(TRICKS));
            case 6 -> plain("bad-method", pick(METHODS), pick(PATHS) + (random.nextBoolean() ? "x" : ""));
            case 7 -> hugeHeaders();
            case 8 -> plain("huge-query", "GET", "/v1/services/s/instances?" + longQuery());
            case 9 -> plain("bad-query", pick(List.of("GET", "DELETE")), badQuery());
            case 10 -> body("content-type", writeRoute(), "host=h&port=%ZZ".getBytes(StandardCharsets.US_ASCII),
                    pick(List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                            "application/xml", "\u00ff/\u00ff")));
            case 11 -> body("hostile-batch", "POST /v1/instances:batch", hostileBatch(), "application/json");
            case 12 -> badFraming();
            default -> new Hostile("bad-utf8-line", concat(pick(List.of("GET", "PUT", "DELETE")).getBytes(
                    StandardCharsets.US_ASCII), new byte[] {' ', '/', 'v', '1', '/', (byte) 0xC3, (byte) 0x28,
                    (byte) 0xFF, ' '}, "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(
                    StandardCharsets.US_ASCII)), true);
        };
    }

    private String writeRoute() {
        return pick(List.of("PUT /v1/services/s/instances/i", "PUT /v1/services/s/instances/i/status",
                "POST /v1/instances:batch", "PUT /v1/services/s/instances/i?acks=2"));
    }

    private Hostile plain(String kind, String method, String path) {
        return new Hostile(kind, (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), true);
    }

    private Hostile body(String kind, String requestLine, byte[] body, String contentType) {
        String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        return new Hostile(kind, concat(head.getBytes(StandardCharsets.ISO_8859_1), body), false);
    }

    /** A registration with at least one field of the wrong JSON type, so it can never be valid. */
    private byte[] wrongTypes() {
        List<String> fields = List.of("host", "port", "weight", "zone", "tags", "metadata", "status", "ttlSeconds",
                "check");
        String bad = pick(fields);
        StringBuilder json = new StringBuilder("{");
        json.append('"').append(bad).append("\":").append(wrongFor(bad));
        if (!bad.equals("host")) {
            json.append(",\"host\":\"h\"");
        }
        if (!bad.equals("port")) {
            json.append(",\"port\":80");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Values that are wrong for the field whatever the rest of the body (never a valid value). */
    private String wrongFor(String field) {
        return switch (field) {
            case "host", "zone", "status" -> pick(List.of("7", "[]", "{}", "true", "\"" + "x".repeat(300)
                    + "\"", "\"a b\"", "\"../..\""));
            case "port", "weight", "ttlSeconds" -> pick(List.of("\"80\"", "[]", "{}", "true", "1.5", "-1",
                    "99999999999999999999", "1e400", "65536"));
            case "tags" -> pick(List.of("\"x\"", "7", "{}", "[7]", "[[\"x\"]]", "[null]", "[\"a b\"]"));
            case "metadata" -> pick(List.of("[]", "\"x\"", "{\"k\":7}", "{\"k\":{}}", "{\"\":\"v\"}", "{\"k\":null}"));
            default -> pick(List.of("\"x\"", "[]", "7", "{\"type\":\"UDP\"}", "{\"type\":\"HTTP\"}",
                    "{\"type\":\"TCP\",\"intervalMillis\":\"x\"}"));
        };
    }

    private byte[] hugeBody() {
        int size = (1 << 20) + 1 + random.nextInt(200_000);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'x');
        body[0] = '"';
        body[size - 1] = '"';
        return body;
    }

    private byte[] deepJson() {
        int depth = 17 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
        boolean arrays = random.nextBoolean();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            json.append(arrays ? "[" : "{\"a\":");
        }
        if (random.nextBoolean()) {
            for (int i = 0; i < depth; i++) {
                json.append(arrays ? "]" : "}");
            }
        }
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] badUtf8Json() {
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAE},
                {(byte) 0xE2, (byte) 0x82}};
        byte[] prefix = "{\"host\":\"h".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\",\"port\":0,\"id\":\"i\"}".getBytes(StandardCharsets.US_ASCII);
        return concat(prefix, bad[random.nextInt(bad.length)], suffix);
    }

    private Hostile hugeHeaders() {
        StringBuilder head = new StringBuilder("GET /v1/services HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        if (random.nextBoolean()) {
            head.append("X-Big: ").append("a".repeat(17_000 + random.nextInt(20_000))).append("\r\n");
        } else {
            for (int i = 0; i < 2_000; i++) {
                head.append("X-H").append(i).append(": v\r\n");
            }
        }
        return new Hostile("huge-headers", head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII), true);
    }

    private String longQuery() {
        StringBuilder q = new StringBuilder();
        int n = random.nextBoolean() ? 3_000 : 1;
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "" : "&").append("tag=t").append(i);
        }
        if (n == 1) {
            q.append("x".repeat(9_000));
        }
        return q.toString();
    }

    private String badQuery() {
        return pick(List.of(
                "/v1/services/s/instances?index=-5", "/v1/services/s/instances?index=1e9",
                "/v1/services/s/instances?index=99999999999999999999999", "/v1/services/s/instances?wait=forever",
                "/v1/services/s/instances?index=1&wait=-1s", "/v1/services/s/instances?healthy=perhaps",
                "/v1/services/s/instances?status=%00", "/v1/services/s/instances?zone=%E2%80%AE",
                "/v1/services/s/instances?index=1&index=2", "/v1/services/s/instances/i?acks=0",
                "/v1/services/s/instances/i?acks=1&acks=2", "/v1/services/s/instances/i?acks=%FF",
                "/v1/watch?service=UPPER", "/v1/watch?service=", "/v1/watch?service=a&service=%2F",
                "/v1/services/s/instances?tag=" + "t".repeat(65)));
    }

    private byte[] hostileBatch() {
        int n = random.nextInt(10) == 0 ? 1_001 + random.nextInt(100) : 1 + random.nextInt(30);
        StringBuilder json = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",");
            json.append(pick(List.of("7", "null", "\"x\"", "[]", "{}", "{\"service\":\"s\",\"id\":\"i\",\"host\":\"h\"}",
                    "{\"service\":\"s\",\"id\":\"i\",\"host\":\"h\",\"port\":\"80\"}",
                    "{\"service\":\"S!\",\"id\":\"i\",\"host\":\"h\",\"port\":80}",
                    "{\"service\":\"s\",\"id\":\"i\",\"host\":\"h\",\"port\":80,\"ttlSeconds\":0}")));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Hostile badFraming() {
        String head = "PUT /v1/services/s/instances/i HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\n";
        String rest = pick(List.of(
                "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n{}\r\n",
                "Content-Length: -5\r\n\r\n{}",
                "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "Content-Length: abc\r\n\r\n{}",
                "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                "Content-Length: 1\r\n\r\n{\"host\":\"h\",\"port\":80}"));
        return new Hostile("bad-framing", (head + rest).getBytes(StandardCharsets.US_ASCII), true);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
