package io.aimux.limits;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** Requests of the limit tests, in both client protocols. */
final class LimitsHttp {

    private LimitsHttp() {}

    static Response openAi(String key, String model) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .body("{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}")
                .post("/v1/chat/completions");
    }

    static Response anthropic(String key, String model) {
        return given().contentType(ContentType.JSON).header("x-api-key", key)
                .body("{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}")
                .post("/v1/messages");
    }

    /**
     * Waits out the last seconds of a minute, so a sequence of requests counted per minute lands
     * in one window (it takes well under a second); outcomes are decided by the requests alone.
     */
    static void awayFromMinuteEdge() {
        long left = Windows.MINUTE_MILLIS - System.currentTimeMillis() % Windows.MINUTE_MILLIS;
        if (left < 10_000) {
            try {
                Thread.sleep(left + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
