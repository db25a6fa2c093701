package io.aimux.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A client that leaves releases what its request holds upstream, in every phase before the answer. */
@QuarkusTest
@QuarkusTestResource(value = SocketUpstream.class, restrictToAnnotatedClass = true)
class UpstreamReleaseTest {

    @TestHTTPResource("/")
    URI gateway;

    /** Sends a chat request on a raw connection and returns the open socket. */
    private Socket send(String model) throws Exception {
        String body = "{\"model\":\"sock/" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    @Test
    void aRequestWaitingForAPooledConnectionIsNeverSentAfterItsClientLeft() throws Exception {
        try (Socket holder = send("hold")) { // takes the only upstream connection for 3 s
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SocketUpstream.MODELS.contains("hold"));
            Socket waiting = send("never-sent");
            Thread.sleep(500); // it waits for the connection the first request holds
            waiting.close();
            holder.getInputStream().read(); // the first answer arrives: the connection is free again
        }
        Thread.sleep(1500); // time for a wrongly queued request to go out
        assertThat(SocketUpstream.MODELS).doesNotContain("never-sent");
    }

    @Test
    void anErrorBodyIsNotReadForAClientThatLeft() throws Exception {
        try (Socket socket = send("slow-error")) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SocketUpstream.MODELS.contains("slow-error"));
            Thread.sleep(500);
        } // the client leaves while the gateway reads the upstream's trickling error body
        Awaitility.await().atMost(Duration.ofSeconds(8)).untilTrue(SocketUpstream.ERROR_BODY_DROPPED);
    }
}
