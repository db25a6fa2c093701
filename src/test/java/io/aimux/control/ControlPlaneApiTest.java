package io.aimux.control;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Model lists and health probes against loopback upstreams, seen through the gateway's own API. */
@QuarkusTest
@QuarkusTestResource(value = ModelsUpstream.class, restrictToAnnotatedClass = true)
class ControlPlaneApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @AfterEach
    void upstreamAnswersAgain() {
        ModelsUpstream.ANSWERING.set(true);
    }

    private static List<String> openAiModelIds() {
        return given().get("/v1/models").then().statusCode(200).extract().jsonPath().getList("data.id", String.class);
    }

    private static Map<String, Object> health(String provider) {
        JsonPath providers = given().get("/api/providers").then().statusCode(200).extract().jsonPath();
        return providers.getMap("find { it.name == '" + provider + "' }.health");
    }

    @Test
    void modelListsIncludeUpstreamModelsOnceEach() {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(openAiModelIds())
                .contains("listed/configured-a", "listed/gpt-up-1", "alisted/claude-up-1"));
        List<String> ids = openAiModelIds();
        assertThat(ids).containsOnlyOnce("listed/shared-model");
        assertThat(ids.indexOf("listed/configured-a")).isLessThan(ids.indexOf("listed/gpt-up-1"));

        given().get("/v1/models").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.id == 'listed/gpt-up-1' }.owned_by", String.class).forEach(owner -> assertThat(owner).isEqualTo("listed"));
        List<String> anthropicShape = given().header("anthropic-version", "2023-06-01").get("/v1/models")
                .then().statusCode(200).extract().jsonPath().getList("data.id", String.class);
        assertThat(anthropicShape).contains("listed/gpt-up-1", "alisted/claude-up-1").containsOnlyOnce("listed/shared-model");
        assertThat(given().get("/anthropic/v1/models").then().statusCode(200).extract().jsonPath()
                .getList("data.type", String.class)).contains("model").doesNotContain("list");
    }

    @Test
    void probesSendEachProtocolsAuthentication() {
        await().atMost(PATIENCE).until(() -> ModelsUpstream.LAST_HEADERS.containsKey("/oai/v1/models")
                && ModelsUpstream.LAST_HEADERS.containsKey("/ant/v1/models"));
        Map<String, String> openAi = ModelsUpstream.LAST_HEADERS.get("/oai/v1/models");
        assertThat(openAi).containsEntry("authorization", "Bearer " + ModelsUpstream.OPENAI_KEY).doesNotContainKey("x-api-key");
        Map<String, String> anthropic = ModelsUpstream.LAST_HEADERS.get("/ant/v1/models");
        assertThat(anthropic).containsEntry("x-api-key", ModelsUpstream.ANTHROPIC_KEY)
                .containsEntry("anthropic-version", "2023-06-01").doesNotContainKey("authorization");
        assertThat(anthropic.get(":query")).isEqualTo("limit=1000");
    }

    @Test
    void keylessUpstreamsGetNoAuthorizationButTheirExtraHeaders() {
        await().atMost(PATIENCE).until(() -> ModelsUpstream.LAST_HEADERS.containsKey("/free/v1/models"));
        assertThat(ModelsUpstream.LAST_HEADERS.get("/free/v1/models")).doesNotContainKey("authorization")
                .containsEntry("x-team", "blue");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(openAiModelIds()).contains("keyless/local-1"));
        assertThat(health("keyless")).containsEntry("status", "unknown").containsEntry("models", 1); // probe off
    }

    @Test
    void probeStatusGoesUpThenDownAndNeverShowsKeysOrBodies() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Object> health = health("listed");
            assertThat(health).containsEntry("status", "up").containsEntry("models", 2).containsEntry("error", null);
            assertThat(health.get("checked_at")).isNotNull();
            assertThat(health.get("latency_ms")).isNotNull();
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(health("alisted")).containsEntry("status", "up").containsEntry("models", 1));
        assertThat(health("mock")).containsEntry("status", "unknown").containsEntry("checked_at", null);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(metrics()).containsPattern("aimux_provider_up\\{provider=\"listed\",?} 1\\.0"));

        ModelsUpstream.ANSWERING.set(false);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(health("listed"))
                .containsEntry("status", "down").containsEntry("error", "upstream_error")
                .containsEntry("models", 2)); // the last good list is kept
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(metrics()).containsPattern("aimux_provider_up\\{provider=\"listed\",?} 0\\.0"));
        assertThat(openAiModelIds()).contains("listed/gpt-up-1");

        String admin = given().get("/api/providers").then().statusCode(200).extract().asString();
        assertThat(admin).doesNotContain(ModelsUpstream.OPENAI_KEY).doesNotContain(ModelsUpstream.ANTHROPIC_KEY)
                .doesNotContain("overloaded").doesNotContain("api_key");

        // a vendor outage is data for operators, never a reason to leave the load balancer
        given().get("/q/health/ready").then().statusCode(200);
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(ready.getString("checks.find { it.name == 'providers' }.data.'health.listed'")).isEqualTo("down");

        ModelsUpstream.ANSWERING.set(true);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(health("listed")).containsEntry("status", "up"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
