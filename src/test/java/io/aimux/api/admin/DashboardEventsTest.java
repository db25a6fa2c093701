package io.aimux.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The live dashboard stream: at once and on every tick, bounded subscribers, one shared timer. */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class DashboardEventsTest {

    @Inject
    DashboardEvents events;

    /** One open event stream, read line by line. */
    static final class Stream implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final String status;

        Stream() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + DashboardEvents.PATH + " HTTP/1.1\r\nHost: localhost:" + RestAssured.port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            status = in.readLine();
        }

        List<String> headers() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line.toLowerCase());
            }
            return lines;
        }

        final List<String> comments = new ArrayList<>();

        /** The data of the next snapshot event (chunk-size lines of the chunked encoding are skipped). */
        JsonNode nextSnapshot() throws IOException {
            boolean inEvent = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.equals("event: snapshot")) {
                    inEvent = true;
                } else if (inEvent && line.startsWith("data: ")) {
                    return new ObjectMapper().readTree(line.substring(6));
                }
            }
            throw new IOException("stream ended");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void snapshotsArriveAtOnceAndOnEveryTick() throws Exception {
        try (Stream stream = new Stream()) {
            assertThat(stream.status).contains(" 200 ");
            assertThat(stream.headers()).contains("content-type: text/event-stream; charset=utf-8", "cache-control: no-cache");
            JsonNode first = stream.nextSnapshot();
            assertThat(stream.comments).contains(": heartbeat"); // a comment first, so proxies see bytes at once
            assertThat(first.path("series").path("points").size()).isEqualTo(60);
            assertThat(first.has("totals")).isTrue();
            given().contentType("application/json")
                    .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"live\"}]}")
                    .post("/v1/chat/completions").then().statusCode(200);
            long before = first.path("totals").path("requests").asLong();
            // later snapshots come from the timer and show the new request
            JsonNode later = stream.nextSnapshot();
            while (later.path("totals").path("requests").asLong() == before) {
                later = stream.nextSnapshot();
            }
            assertThat(later.path("totals").path("requests").asLong()).isEqualTo(before + 1);
        }
    }

    @Test
    void aStreamOutlastsTheRequestReadDeadline() throws Exception {
        // the profile's read deadline is one tick long; five snapshots span four ticks
        try (Stream stream = new Stream()) {
            assertThat(stream.status).contains(" 200 ");
            stream.headers();
            for (int i = 0; i < 5; i++) {
                assertThat(stream.nextSnapshot().has("totals")).isTrue();
            }
        }
    }

    @Test
    void subscribersAreBoundedAndTheTimerStopsWhenAllLeave() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.subscribers() == 0);
        try (Stream one = new Stream(); Stream two = new Stream()) {
            assertThat(one.status).contains(" 200 ");
            assertThat(two.status).contains(" 200 ");
            one.nextSnapshot();
            two.nextSnapshot();
            assertThat(events.timerRunning()).isTrue();
            assertThat(events.subscribers()).isEqualTo(2);
            try (Stream third = new Stream()) {
                assertThat(third.status).contains(" 503 ");
                List<String> headers = third.headers();
                assertThat(headers).contains("content-type: application/json");
                int length = headers.stream().filter(h -> h.startsWith("content-length: "))
                        .mapToInt(h -> Integer.parseInt(h.substring(16).trim())).findFirst().orElseThrow();
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += third.in.read(body, read, length - read);
                }
                assertThat(new String(body)).contains("\"api_error\"").contains("dashboard.max_subscribers");
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.subscribers() == 0);
        assertThat(events.timerRunning()).isFalse();
        try (Stream again = new Stream()) {
            assertThat(again.status).contains(" 200 ");
            again.nextSnapshot();
        }
    }

    @Test
    void aSlowSubscriberSkipsUpdatesInsteadOfQueueingThem() {
        List<Object> written = new ArrayList<>();
        boolean[] full = {true};
        HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "writeQueueFull" -> full[0];
                    case "ended", "closed" -> false;
                    case "write" -> {
                        written.add(args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Buffer event = Buffer.buffer("event: snapshot\ndata: {}\n\n");
        assertThat(DashboardEvents.offer(response, event, true)).isFalse();
        assertThat(written).isEmpty();
        full[0] = false;
        assertThat(DashboardEvents.offer(response, event, false)).isTrue();
        assertThat(written).containsExactly(event);
    }

    @Test
    void theStreamNeedsAdminRightsLikeTheRestOfTheApi() {
        // anonymous gateway: a foreign Host is refused before any stream opens
        given().header("Host", "evil.example").get(DashboardEvents.PATH).then().statusCode(403);
    }
}
