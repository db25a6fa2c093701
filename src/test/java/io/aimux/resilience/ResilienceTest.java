package io.aimux.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Retries, failover, circuit breaking and cancellation against a counting upstream: what the
 * client sees, and how many calls the upstream got.
 */
@QuarkusTest
@QuarkusTestResource(value = CountingUpstream.class, restrictToAnnotatedClass = true)
class ResilienceTest {

    @TestHTTPResource("/")
    URI chat;

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void a503FirstTargetIsRetriedOnceThenTheSecondServes() {
        int before = CountingUpstream.calls("always-503");
        given().contentType("application/json").body(body("first-503", false)).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("ok"))
                .header("x-aimux-route", equalTo("healthy/ok; route=first-503; attempts=3"));
        given().contentType("application/json").body(body("first-503", true)).post("/v1/chat/completions")
                .then().statusCode(200).body(containsString("[DONE]")).body(not(containsString("error")));
        assertThat(CountingUpstream.calls("always-503") - before).as("1 call + 1 retry, twice").isEqualTo(4);
        // the ledger: one record for the request, every upstream call counted, the route named
        given().get("/api/usage").then().statusCode(200)
                .body("recent[0].state", equalTo("completed"))
                .body("recent[0].attempts", equalTo(3))
                .body("recent[0].route", equalTo("first-503"))
                .body("recent[0].estimated", equalTo(false));
    }

    @Test
    void a429WithRetryAfterIsWaitedForOnceThenTheChainMovesOn() {
        int before = CountingUpstream.calls("always-429");
        given().contentType("application/json").body(body("first-429", false)).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("ok"));
        assertThat(CountingUpstream.calls("always-429") - before).isEqualTo(2);
    }

    @Test
    void retriesStopAtTheConfiguredBound() {
        int before = CountingUpstream.calls("always-503-bounded");
        given().contentType("application/json").body(body("bounded/always-503-bounded", false)).post("/v1/chat/completions")
                .then().statusCode(503);
        assertThat(CountingUpstream.calls("always-503-bounded") - before).as("1 call + max_retries 2").isEqualTo(3);
    }

    @Test
    void anOpenBreakerSkipsTheTargetWithoutACall() {
        for (int i = 0; i < 4; i++) { // four failures in a window of four: the breaker opens
            given().contentType("application/json").body(body("trip", false)).post("/v1/chat/completions")
                    .then().statusCode(200);
        }
        int before = CountingUpstream.calls("always-503");
        int beforeHealthy = CountingUpstream.calls("ok");
        given().contentType("application/json").body(body("trip", false)).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("ok"));
        assertThat(CountingUpstream.calls("always-503")).as("no call to an open target").isEqualTo(before);
        assertThat(CountingUpstream.calls("ok")).isEqualTo(beforeHealthy + 1);
        given().contentType("application/json").body(body("tripping/always-503", false)).post("/v1/chat/completions")
                .then().statusCode(503).body("error.message", containsString("circuit open"));
        // passive health: the breaker and the weighted error rate in the admin view
        given().get("/api/providers").then().statusCode(200)
                .body("find { it.name == 'tripping' }.breakers.always-503", equalTo("open"))
                .body("find { it.name == 'tripping' }.passive.error_rate", org.hamcrest.Matchers.greaterThan(0.5f));
        // the breaker gauge: 2 = open; a model the provider does not list is reported under "other"
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("aimux_circuit_breaker_state{model=\"other\",provider=\"tripping\"} 2.0"));
    }

    @Test
    void aClientThatLeavesDuringABackoffGetsNoFurtherUpstreamCall() throws Exception {
        int before = CountingUpstream.calls("always-503-patient");
        String body = body("patient/always-503-patient", false);
        try (java.net.Socket socket = new java.net.Socket(chat.getHost(), chat.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> CountingUpstream.calls("always-503-patient") > before);
        } // the client leaves during the 3 s backoff
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0);
        Thread.sleep(3500); // past the backoff: the retry would have happened by now
        assertThat(CountingUpstream.calls("always-503-patient") - before).isEqualTo(1);
        given().get("/api/usage").then().statusCode(200)
                .body("recent.find { it.target.startsWith('patient') }.state", equalTo("client_cancelled"))
                .body("recent.find { it.target.startsWith('patient') }.estimated", equalTo(true));
    }

    private static double inFlight() {
        // a gauge left behind by an earlier application in this JVM would read NaN once collected
        System.gc();
        String metrics = given().get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("aimux_in_flight_requests ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void theInFlightGaugeReturnsToZero() {
        given().contentType("application/json").body(body("first-503", true)).post("/v1/chat/completions").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inFlight() == 0);
    }
}
