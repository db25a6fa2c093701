package io.aimux.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) run by a test as a child process on a free
 * loopback port, without persistence; stopped by its process id. Without {@code redis-server}
 * the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts a server on a free port, or skips the test when redis-server is not installed (outside CI). */
    public static RedisServer start() {
        return start(freePort());
    }

    /** Starts a server on the given port (to bring one back where an earlier one was). */
    public static RedisServer start(int port) {
        String binary = binary();
        if (binary == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("redis-server is not installed; CI must install the redis-server package");
            }
            Assumptions.abort("redis-server is not installed");
        }
        try {
            Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            RedisServer server = new RedisServer(port, process);
            server.awaitPing();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started", e);
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : null;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public long pid() {
        return process.pid();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at startup (port " + port + " taken?)");
            }
            if (ping(port)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING");
    }

    /** Whether a Redis server answers PING on the port. */
    public static boolean ping(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server by its process id and waits for it to exit. */
    public void stop() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
