package io.aimux.resilience;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A raw-socket OpenAI-type upstream that sees what a client of the gateway cannot: which requests
 * arrived, and when the gateway dropped a connection. Models: {@code hold} (answers after 3 s),
 * {@code slow-error} (a 500 whose body trickles for 20 s), anything else answers at once.
 * Provider {@code sock}; the gateway keeps one connection to it.
 */
public class SocketUpstream implements QuarkusTestResourceLifecycleManager {

    static final List<String> MODELS = new CopyOnWriteArrayList<>();
    static final AtomicBoolean ERROR_BODY_DROPPED = new AtomicBoolean();
    private ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "socket-upstream");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    pool.submit(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
        return Map.of("aimux.providers.sock.type", "openai", "aimux.providers.sock.base-url", base,
                "aimux.providers.sock.models-refresh-seconds", "0",
                "aimux.providers.sock.resilience.max-retries", "0",
                "aimux.providers.sock.resilience.breaker-request-volume", "0",
                "aimux.limits.max-upstream-connections", "1");
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String body = readRequest(in);
                if (body == null) {
                    return;
                }
                String model = body.replaceAll("(?s).*\"model\":\"([^\"]*)\".*", "$1");
                MODELS.add(model);
                if (model.equals("slow-error")) {
                    out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
                            .getBytes(StandardCharsets.US_ASCII));
                    try {
                        for (int i = 0; i < 100; i++) {
                            Thread.sleep(200);
                            out.write(' ');
                            out.flush();
                        }
                    } catch (IOException dropped) {
                        ERROR_BODY_DROPPED.set(true);
                    }
                    return;
                }
                if (model.equals("hold")) {
                    Thread.sleep(3000);
                }
                byte[] answer = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the gateway closed the connection
        }
    }

    /** One request's body, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                int length = 0;
                for (String line : text.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        pool.shutdownNow();
    }
}
