package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The keys admin API: create, list, disable, rotate, delete, with strict input and secrets shown once. */
@QuarkusTest
@TestProfile(KeyedProfile.class)
class KeysAdminTest {

    static final String CHAT = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).contentType(ContentType.JSON);
    }

    static int chatWith(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions").statusCode();
    }

    static String create(String id, String body) {
        return admin().body(body).post("/api/keys").then().statusCode(201)
                .body("id", equalTo(id)).extract().path("secret");
    }

    @Test
    void createdKeysWorkAndTheirSecretIsShownOnce() throws Exception {
        Response created = admin().body("{\"id\":\"team-a\",\"models\":[\"mock/echo\"],\"limits\":{\"requests_per_minute\":60},"
                + "\"guard\":{\"secrets\":\"block\"}}").post("/api/keys");
        created.then().statusCode(201).body("role", equalTo("client")).body("source", equalTo("runtime"))
                .body("models", equalTo(List.of("mock/echo"))).body("limits.requests_per_minute", equalTo(60))
                .body("guard.secrets", equalTo("block")).body("disabled", equalTo(false))
                .body("fingerprint", matchesPattern("[0-9a-f]{8}")).body("created_at", matchesPattern("\\d{4}-.*Z"));
        String secret = created.path("secret");
        assertThat(secret).matches("aimux-[A-Za-z0-9_-]{43}");
        assertThat(chatWith(secret)).isEqualTo(200);

        String hash = HexFormat.of().formatHex(KeyRegistry.digest(secret));
        String list = admin().get("/api/keys").then().statusCode(200).body("keys.id", hasItem("team-a"))
                .body("keys.find { it.id == 'ops' }.source", equalTo("config"))
                .body("keys.find { it.id == 'team-a' }.secret", nullValue()).extract().asString();
        assertThat(list).doesNotContain(secret).doesNotContain(hash).doesNotContain(KeyedProfile.ADMIN)
                .doesNotContain(KeyedProfile.CLIENT).contains(hash.substring(0, 8));
        admin().get("/api/keys/team-a").then().statusCode(200).body("fingerprint", equalTo(hash.substring(0, 8)))
                .body(not(containsString(secret)));

        Path file = Path.of(ConfigProvider.getConfig().getValue("aimux.data-dir", String.class), "records", "keys.json");
        assertThat(Files.readString(file)).contains(hash).doesNotContain(secret);
    }

    @Test
    void adminKeysCreatedAtRuntimeOpenTheAdminApi() {
        String secret = create("ops-2", "{\"id\":\"ops-2\",\"role\":\"admin\"}");
        given().header("x-api-key", secret).get("/api/keys").then().statusCode(200);
        String client = create("plain-client", "{\"id\":\"plain-client\"}");
        given().header("x-api-key", client).get("/api/keys").then().statusCode(403);
        given().header("x-api-key", KeyedProfile.CLIENT).contentType(ContentType.JSON).body("{\"id\":\"sneaky\"}")
                .post("/api/keys").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"id\":\"sneaky\"}").post("/api/keys").then().statusCode(401);
    }

    @Test
    void disableEnableRotateAndDelete() {
        String first = create("team-b", "{\"id\":\"team-b\"}");
        admin().post("/api/keys/team-b/disable").then().statusCode(200).body("disabled", equalTo(true));
        given().header("Authorization", "Bearer " + first).contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions").then().statusCode(401).body("error.message", containsString("disabled"));
        admin().post("/api/keys/team-b/enable").then().statusCode(200).body("disabled", equalTo(false));
        assertThat(chatWith(first)).isEqualTo(200);

        String second = admin().body("{\"grace_seconds\":300}").post("/api/keys/team-b/rotate").then().statusCode(200)
                .body("rotated_at", matchesPattern("\\d{4}-.*Z")).body("previous_secret_valid_until", matchesPattern("\\d{4}-.*Z"))
                .extract().path("secret");
        assertThat(second).isNotEqualTo(first);
        assertThat(chatWith(second)).isEqualTo(200);
        assertThat(chatWith(first)).as("the old secret works during the grace").isEqualTo(200);

        String third = admin().post("/api/keys/team-b/rotate").then().statusCode(200).extract().path("secret");
        assertThat(chatWith(third)).isEqualTo(200);
        assertThat(chatWith(second)).as("no grace by default").isEqualTo(401);

        admin().delete("/api/keys/team-b").then().statusCode(204);
        assertThat(chatWith(third)).isEqualTo(401);
        admin().delete("/api/keys/team-b").then().statusCode(404);
        admin().get("/api/keys/team-b").then().statusCode(404);
    }

    @Test
    void configuredKeysCanBeDisabledButNotRotatedOrDeleted() {
        admin().post("/api/keys/app/rotate").then().statusCode(409).body("error.message", containsString("configuration"));
        admin().delete("/api/keys/app").then().statusCode(409);
        admin().body("{\"id\":\"app\"}").post("/api/keys").then().statusCode(409);
        try {
            admin().post("/api/keys/app/disable").then().statusCode(200).body("disabled", equalTo(true))
                    .body("source", equalTo("config"));
            assertThat(chatWith(KeyedProfile.CLIENT)).isEqualTo(401);
        } finally {
            admin().post("/api/keys/app/enable").then().statusCode(200).body("disabled", equalTo(false));
        }
        assertThat(chatWith(KeyedProfile.CLIENT)).isEqualTo(200);
    }

    @Test
    void inputIsCheckedFieldByField() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("{\"id\":\"../etc\"}", "id"),
                Map.entry("{\"id\":\"" + "x".repeat(65) + "\"}", "id"),
                Map.entry("{\"role\":\"client\"}", "id"),
                Map.entry("{\"id\":7}", "id"),
                Map.entry("{\"id\":\"ok-1\",\"role\":\"root\"}", "role"),
                Map.entry("{\"id\":\"ok-1\",\"models\":\"mock/echo\"}", "models"),
                Map.entry("{\"id\":\"ok-1\",\"models\":[\"nowhere/x\"]}", "models[0]"),
                Map.entry("{\"id\":\"ok-1\",\"models\":[\"mock/echo\",\"no-such-alias\"]}", "models[1]"),
                Map.entry("{\"id\":\"ok-1\",\"limits\":{\"requests_per_minute\":-1}}", "limits.requests_per_minute"),
                Map.entry("{\"id\":\"ok-1\",\"limits\":{\"daily_cost_usd\":\"5\"}}", "limits.daily_cost_usd"),
                Map.entry("{\"id\":\"ok-1\",\"limits\":{\"bogus\":1}}", "limits"),
                Map.entry("{\"id\":\"ok-1\",\"guard\":{\"secrets\":\"explode\"}}", "guard.secrets"),
                Map.entry("{\"id\":\"ok-1\",\"secret\":\"mine\"}", "(body)"),
                Map.entry("[]", "(body)"),
                Map.entry("{\"id\":\"ok-1\",", "(body)"));
        refused.forEach((body, field) -> admin().body(body).post("/api/keys").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo(field)));
        admin().body("{\"id\":\"ok-1\",\"<script>\":1}").post("/api/keys").then().statusCode(400)
                .body(not(containsString("<script>")));
        admin().get("/api/keys/ok-1").then().statusCode(404);

        create("grace-check", "{\"id\":\"grace-check\"}");
        for (String grace : List.of("{\"grace_seconds\":-1}", "{\"grace_seconds\":1.5}", "{\"grace_seconds\":99999999}",
                "{\"grace\":5}")) {
            admin().body(grace).post("/api/keys/grace-check/rotate").then().statusCode(400);
        }
        admin().post("/api/keys/no.such-key/disable").then().statusCode(404);
    }

    @Test
    void writesNeedJson() {
        given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).contentType("text/plain").body("{\"id\":\"t\"}")
                .post("/api/keys").then().statusCode(415);
        given().header("Authorization", "Bearer " + KeyedProfile.ADMIN).post("/api/keys/app/disable").then().statusCode(415);
        admin().get("/api/keys/app").then().statusCode(200).body("disabled", equalTo(false));
    }
}
