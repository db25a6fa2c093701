package io.aimux.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that sends its headers, then trickles the body, is cut off by the request read deadline. */
@QuarkusTest
@TestProfile(SlowClientTest.ShortDeadline.class)
class SlowClientTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aimux.limits.request-read-timeout-seconds", "1");
        }
    }

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void aTrickledBodyIsAnswered408AndTheConnectionClosed() throws Exception {
        try (Socket socket = RawHttp.open(gateway)) {
            RawHttp.send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"model\":");
            // no more bytes: the server must answer and close on its own (RawHttp fails on a hang)
            String answer = RawHttp.readToClose(socket);
            assertThat(RawHttp.status(answer)).isEqualTo(408);
            assertThat(answer).contains("limits.request_read_timeout_seconds").contains("\"error\"");
        }
    }

    @Test
    void aTrickledAdminBodyIsCutToo() throws Exception {
        try (Socket socket = RawHttp.open(gateway)) {
            RawHttp.send(socket, "POST /api/prettifier/config HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{");
            assertThat(RawHttp.status(RawHttp.readToClose(socket))).isIn(408, -1);
        }
    }
}
