package io.aimux.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback upstream that fails on purpose. It plays an OpenAI-type host
 * ({@code /oai/v1/chat/completions}) and an Anthropic-type one ({@code /ant/v1/messages}) and
 * answers by the upstream model name {@code fault-<kind>} (or {@code ok}):
 * <ul>
 * <li>{@code status-429} (with {@code Retry-After: 1}), {@code status-500}, {@code status-503},
 * {@code status-400}: an error status with an error body whose message holds the key the gateway
 * sent, so a test can check that keys never reach clients;</li>
 * <li>{@code slow-first-byte}: nothing, not even the status line, for longer than the gateway's
 * idle timeout;</li>
 * <li>{@code stall-after-2}: two content events (not streamed: half the body), then silence past
 * the idle timeout, then the rest as if nothing happened, so an upstream that is not cut shows as
 * a complete answer;</li>
 * <li>{@code reset-after-2}: two content events, then a TCP reset (SO_LINGER 0);</li>
 * <li>{@code truncated}: the whole answer but its terminal event ({@code [DONE]} /
 * {@code message_stop}); not streamed: the first half of a JSON body (its length announced correctly);</li>
 * <li>{@code malformed}: a {@code data:} line that is not JSON first, then a complete answer; not
 * streamed: a body that is not JSON;</li>
 * <li>{@code error-event}: one content event, then an in-stream error event;
 * {@code error-event-early}: an error event before any content (not streamed, both: a 200
 * carrying an error body);</li>
 * <li>{@code huge-event}: one content event, then one SSE event larger than 16 MiB;</li>
 * <li>{@code ok}: a complete short answer.</li>
 * </ul>
 * Everything that must arrive after the client saw its first byte is sent after a pause. A raw
 * server socket is used (not {@code HttpServer}) so that a reset is a real RST and a cut body is
 * really cut. Requests are counted per upstream model ({@link #count}).
 */
public class FaultUpstream implements QuarkusTestResourceLifecycleManager {

    /** Retries of a failed status before the chain moves on (limits of the fault providers). */
    static final int RETRIES = 1;


    /** Gateway idle timeout configured for the test, in seconds. */
    static final int IDLE_TIMEOUT_SECONDS = 2;
    /** How long stalls last: well past the idle timeout. */
    static final long STALL_MILLIS = IDLE_TIMEOUT_SECONDS * 1000L + 1000;
    /** Pause that lets the gateway write what it had to its client before the fault. */
    static final long FIRST_BYTE_PAUSE_MILLIS = 300;
    /** Upstream keys per provider; key-shaped, and echoed in upstream error messages. */
    static final Map<String, String> KEYS = Map.of(
            "foai", "fk-foai-0123456789abcdefSECRET",
            "fant", "fk-fant-0123456789abcdefSECRET",
            "foai-p", "fk-foaip-0123456789abcdefSECRET",
            "fant-p", "fk-fantp-0123456789abcdefSECRET");
    /** A key-shaped token every upstream error message contains. */
    static final String LEAKED_TOKEN = "sk-faultleak0123456789abcdefghijkl";

    static final List<String> KINDS = List.of("status-429", "status-500", "status-503", "status-400", "slow-first-byte",
            "stall-after-2", "reset-after-2", "truncated", "malformed", "error-event", "error-event-early", "huge-event");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private ServerSocket server;
    private ExecutorService pool;

    /** Requests the upstream received for this upstream model name since the last {@link #reset()}. */
    static int count(String model) {
        AtomicInteger n = COUNTS.get(model);
        return n == null ? 0 : n.get();
    }

    static void reset() {
        COUNTS.clear();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-upstream");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::accept);
        String base = "http://127.0.0.1:" + server.getLocalPort();
        Map<String, String> config = new HashMap<>();
        for (String provider : KEYS.keySet()) {
            boolean openAi = provider.startsWith("foai");
            config.put("aimux.providers." + provider + ".type", openAi ? "openai" : "anthropic");
            config.put("aimux.providers." + provider + ".base-url", base + (openAi ? "/oai/v1" : "/ant"));
            config.put("aimux.providers." + provider + ".api-key", KEYS.get(provider));
            config.put("aimux.providers." + provider + ".prettifier-enabled", Boolean.toString(provider.endsWith("-p")));
            // one quick retry of a status failure; no breaker, so every case reaches the upstream
            config.put("aimux.providers." + provider + ".resilience.max-retries", Integer.toString(RETRIES));
            config.put("aimux.providers." + provider + ".resilience.retry-delay-ms", "20");
            config.put("aimux.providers." + provider + ".resilience.breaker-request-volume", "0");
            config.put("aimux.providers." + provider + ".models-refresh-seconds", "0");
            for (String kind : KINDS) {
                String alias = provider + "-" + kind + "-then-ok";
                config.put("aimux.aliases." + alias + "[0]", provider + "/fault-" + kind);
                config.put("aimux.aliases." + alias + "[1]", provider + "/ok");
            }
        }
        config.put("aimux.limits.idle-timeout-seconds", Integer.toString(IDLE_TIMEOUT_SECONDS));
        config.put("aimux.limits.connect-timeout-seconds", "2");
        config.put("aimux.limits.total-timeout-seconds", "30");
        return config;
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            pool.execute(() -> {
                try (socket) {
                    serve(socket);
                } catch (IOException | RuntimeException gone) {
                    // the gateway dropped the connection (cancelled, timed out): expected for faults
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    // ---- HTTP/1.1, just enough: one request per connection ----

    private record Request(String path, Map<String, String> headers, byte[] body) {}

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String path = lines[0].split(" ")[1];
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                out.write(in.readNBytes(n));
                line(in);
            }
            body = out.toByteArray();
        } else {
            body = new byte[0];
        }
        return new Request(path, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private void serve(Socket socket) throws IOException, InterruptedException {
        Request request = read(new BufferedInputStream(socket.getInputStream()));
        OutputStream out = socket.getOutputStream();
        boolean openAi = request.path().endsWith("/chat/completions");
        if (!request.path().equals(openAi ? "/oai/v1/chat/completions" : "/ant/v1/messages")) {
            respond(out, 404, Map.of(), "{\"error\":{\"type\":\"not_found_error\",\"message\":\"no such path\"}}");
            return;
        }
        JsonNode body = MAPPER.readTree(request.body());
        String model = body.path("model").asText();
        boolean stream = body.path("stream").asBoolean(false);
        COUNTS.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
        String key = request.headers().getOrDefault("x-api-key",
                request.headers().getOrDefault("authorization", "").replace("Bearer ", ""));
        String kind = model.startsWith("fault-") ? model.substring("fault-".length()) : model;
        Answer answer = new Answer(openAi);
        String leak = "key " + key + " token " + LEAKED_TOKEN;
        switch (kind) {
            case "status-429" -> respond(out, 429, Map.of("Retry-After", "1"), answer.errorBody("rate_limit_error", "slow down, " + leak));
            case "status-500" -> respond(out, 500, Map.of(), answer.errorBody("api_error", "internal failure, " + leak));
            case "status-503" -> respond(out, 503, Map.of(), answer.errorBody("overloaded_error", "unavailable, " + leak));
            case "status-400" -> respond(out, 400, Map.of(), answer.errorBody("invalid_request_error", "bad field, " + leak));
            case "slow-first-byte" -> {
                Thread.sleep(STALL_MILLIS);
                respond(out, 200, Map.of(), stream ? answer.stream() : answer.body(true));
            }
            case "stall-after-2" -> {
                if (stream) {
                    SseWriter sse = new SseWriter(out);
                    sse.chunk(answer.head());
                    Thread.sleep(STALL_MILLIS);
                    sse.chunk(answer.tail());
                    sse.end();
                } else {
                    stalledBody(out, answer.body(true));
                }
            }
            case "reset-after-2" -> {
                if (stream) {
                    SseWriter sse = new SseWriter(out);
                    sse.chunk(answer.head());
                    Thread.sleep(FIRST_BYTE_PAUSE_MILLIS);
                    rst(socket);
                } else {
                    cutBody(socket, out, answer.body(true), FIRST_BYTE_PAUSE_MILLIS);
                }
            }
            case "truncated" -> {
                if (stream) {
                    SseWriter sse = new SseWriter(out);
                    sse.chunk(answer.head());
                    Thread.sleep(FIRST_BYTE_PAUSE_MILLIS);
                    sse.chunk(answer.tailWithoutTerminal());
                    sse.end();
                } else {
                    String whole = answer.body(true);
                    respond(out, 200, Map.of(), whole.substring(0, whole.length() / 2));
                }
            }
            case "malformed" -> {
                if (stream) {
                    SseWriter sse = new SseWriter(out);
                    sse.chunk("data: {\"id\":\"c1\", this is not json\n\n" + answer.stream());
                    sse.end();
                } else {
                    respond(out, 200, Map.of(), "{\"id\":\"c1\", this is not json");
                }
            }
            case "error-event", "error-event-early" -> {
                String type = openAi ? "server_error" : "overloaded_error";
                if (!stream) {
                    respond(out, 200, Map.of(), answer.errorBody(type, "failed mid-answer, " + leak));
                } else {
                    SseWriter sse = new SseWriter(out);
                    if (kind.equals("error-event")) {
                        sse.chunk(answer.firstContent());
                        Thread.sleep(FIRST_BYTE_PAUSE_MILLIS);
                    }
                    sse.chunk(answer.errorEvent(type, "failed mid-answer, " + leak));
                    Thread.sleep(100);
                    sse.end();
                }
            }
            case "huge-event" -> {
                SseWriter sse = new SseWriter(out);
                sse.chunk(answer.firstContent());
                Thread.sleep(FIRST_BYTE_PAUSE_MILLIS);
                sse.huge(openAi, 17 * 1024 * 1024);
                sse.chunk(answer.tail());
                sse.end();
            }
            case "ok" -> respond(out, 200, Map.of(), stream ? answer.stream() : answer.body(true));
            default -> respond(out, 404, Map.of(), answer.errorBody("not_found_error", "no model " + model));
        }
    }

    private static void respond(OutputStream out, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Error") + "\r\n");
        boolean sse = body.startsWith("data:") || body.startsWith("event:");
        head.append("Content-Type: ").append(sse ? "text/event-stream" : "application/json").append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** A 200 JSON answer announced with its full length, of which only half arrives before a pause and a reset. */
    private static void cutBody(Socket socket, OutputStream out, String body, long pause) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        Thread.sleep(pause);
        rst(socket);
    }

    /** A 200 JSON answer of which half arrives, then nothing past the idle timeout, then the rest. */
    private static void stalledBody(OutputStream out, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        Thread.sleep(STALL_MILLIS);
        out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        out.flush();
    }

    /** Closes with a TCP reset instead of an orderly end. */
    private static void rst(Socket socket) throws IOException {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already gone
        }
        socket.close();
    }

    /** A chunked {@code text/event-stream} 200 answer. */
    private static final class SseWriter {
        private final OutputStream out;

        SseWriter(OutputStream out) throws IOException {
            this.out = out;
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                return;
            }
            writeChunk(bytes, 0, bytes.length);
            out.flush();
        }

        private void writeChunk(byte[] bytes, int from, int length) throws IOException {
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes, from, length);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        /** One event with a {@code data:} line of {@code size} bytes, written in 1 MiB chunks. */
        void huge(boolean openAi, int size) throws IOException {
            String prefix = openAi ? "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                    : "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"";
            chunk(prefix);
            byte[] filler = new byte[1024 * 1024];
            java.util.Arrays.fill(filler, (byte) 'x');
            for (int written = 0; written < size; written += filler.length) {
                writeChunk(filler, 0, filler.length);
            }
            out.flush();
            chunk(openAi ? "\"},\"finish_reason\":null}]}\n\n" : "\"}}\n\n");
        }

        void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    /** The pieces of one short answer in either wire format. */
    private record Answer(boolean openAi) {

        private static String event(String name, String data) {
            return "event: " + name + "\ndata: " + data + "\n\n";
        }

        private static String chunk(String delta, String finish) {
            return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
        }

        /** Everything up to and including the first content event. */
        String firstContent() {
            return openAi ? chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", "null")
                    : event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                            + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}")
                    + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                    + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}");
        }

        /** Everything up to and including the second content event. */
        String head() {
            return firstContent() + (openAi ? chunk("{\"content\":\"lo\"}", "null")
                    : event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}"));
        }

        /** The rest after {@link #head()}, without the terminal event. */
        String tailWithoutTerminal() {
            return openAi ? chunk("{}", "\"stop\"") + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n"
                    : event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                    + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                            + "\"usage\":{\"output_tokens\":2}}");
        }

        String tail() {
            return tailWithoutTerminal() + (openAi ? "data: [DONE]\n\n" : event("message_stop", "{\"type\":\"message_stop\"}"));
        }

        String stream() {
            return head() + tail();
        }

        String body(boolean finished) {
            return openAi ? "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":" + (finished ? "\"stop\"" : "null") + "}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}"
                    : "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"stop_reason\":" + (finished ? "\"end_turn\"" : "null")
                    + ",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}";
        }

        String errorBody(String type, String message) {
            return openAi ? "{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"code\":null}}"
                    : "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
        }

        String errorEvent(String type, String message) {
            return openAi ? "data: " + errorBody(type, message) + "\n\n" : event("error", errorBody(type, message));
        }
    }
}
