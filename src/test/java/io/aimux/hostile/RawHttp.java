package io.aimux.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Bytes on a raw connection, for requests no HTTP client would send. */
final class RawHttp {

    /** Longest a test waits for an answer or a close; a hang fails the test instead of blocking it. */
    static final int PATIENCE_MILLIS = 20_000;

    private RawHttp() {}

    static Socket open(URI gateway) throws IOException {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    static void send(Socket socket, String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection; fails on a hang. */
    static String readToClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed the connection; got: "
                    + out.toString(StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketException e) {
            // reset by the server: a close
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one request with {@code Connection: close} semantics and returns the whole answer. */
    static String exchange(URI gateway, String raw) throws IOException {
        try (Socket socket = open(gateway)) {
            send(socket, raw);
            return readToClose(socket);
        }
    }

    /** The status code of an answer, or -1 when the connection closed without one. */
    static int status(String answer) {
        if (!answer.startsWith("HTTP/") || answer.indexOf(' ') < 0) {
            return -1;
        }
        String afterVersion = answer.substring(answer.indexOf(' ') + 1);
        return Integer.parseInt(afterVersion.substring(0, 3));
    }
}
