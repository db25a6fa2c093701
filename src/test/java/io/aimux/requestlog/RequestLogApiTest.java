package io.aimux.requestlog;

import io.aimux.api.RequestIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /api/requests over real traffic through the mock provider, with keys and a persisted log. */
@QuarkusTest
@TestProfile(RequestLogProfile.class)
class RequestLogApiTest {

    /** Sends one chat request and returns its id once the log holds it, so later queries see it in order. */
    static String chat(String key, String model, String prompt, int status) {
        String id = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", prompt))))
                .post("/v1/chat/completions").then().statusCode(status).extract().header(RequestIds.HEADER);
        RequestLogProfile.logged(id);
        return id;
    }

    static JsonPath requests(String query) {
        return given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN).get("/api/requests" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aFinishedRequestIsFoundByTheIdOfItsHeader() {
        String prompt = "hello " + UUID.randomUUID();
        String id = chat(RequestLogProfile.CLIENT, "mock/echo", prompt, 200);
        assertThat(id).startsWith("req_");

        Response one = RequestLogProfile.logged(id);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonPath entry = one.jsonPath();
        assertThat(entry.getString("id")).isEqualTo(id);
        assertThat(entry.getString("key")).isEqualTo("app");
        assertThat(entry.getString("api")).isEqualTo("openai");
        assertThat(entry.getString("requested_model")).isEqualTo("mock/echo");
        assertThat(entry.getString("provider")).isEqualTo("mock");
        assertThat(entry.getString("model")).isEqualTo("echo");
        assertThat(entry.getBoolean("stream")).isFalse();
        assertThat(entry.getInt("status")).isEqualTo(200);
        assertThat(entry.getString("outcome")).isEqualTo("completed");
        assertThat(entry.getInt("attempts")).isEqualTo(1);
        assertThat(entry.getDouble("latency_ms")).isPositive();
        assertThat(entry.getLong("input_tokens")).isPositive();
        assertThat(entry.getLong("output_tokens")).isPositive();
        assertThat(entry.getString("time")).endsWith("Z");
        assertThat(entry.get("cost_usd") == null).isTrue(); // no price configured
        assertThat(entry.getString("error")).isNull();
        Map<String, Object> fields = entry.getMap("");
        assertThat(fields).containsKeys("ttft_ms", "upstream_ms", "overhead_ms", "usage_estimated", "trace_id", "route")
                .doesNotContainKey("bodies");
        assertThat(one.asString()).doesNotContain(prompt); // no text without request_log.bodies
    }

    @Test
    void aFailedRequestCarriesItsOutcomeAndError() {
        String id = chat(RequestLogProfile.CLIENT, "mock/error-500", "hi", 502);
        JsonPath entry = requests("?id=" + id);
        assertThat(entry.getList("requests")).hasSize(1);
        assertThat(entry.getString("requests[0].outcome")).isEqualTo("upstream_error");
        assertThat(entry.getInt("requests[0].status")).isEqualTo(502);
        assertThat(entry.getString("requests[0].error")).isNotBlank();
        assertThat(entry.getInt("requests[0].attempts")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void filtersNarrowTheListNewestFirst() {
        String tag = "flt" + UUID.randomUUID().toString().substring(0, 8);
        String first = chat(RequestLogProfile.CLIENT, "mock/echo", "a", 200);
        String failed = chat(RequestLogProfile.CLIENT, "mock/error-500", "b", 502);
        String second = given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT)
                .header(RequestIds.HEADER, tag).contentType(ContentType.JSON)
                .body("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().header(RequestIds.HEADER);
        assertThat(second).isEqualTo(tag);

        JsonPath all = requests("?limit=3");
        assertThat(all.getList("requests.id")).containsExactly(second, failed, first);
        assertThat(all.getInt("capacity")).isEqualTo(RequestLogProfile.SIZE);
        assertThat(all.getInt("size")).isBetween(3, RequestLogProfile.SIZE);

        assertThat(requests("?limit=3&outcome=upstream_error").getList("requests.id")).containsExactly(failed);
        assertThat(requests("?limit=3&model=mock/error-500").getList("requests.id")).containsExactly(failed);
        assertThat(requests("?limit=2&model=mock/echo").getList("requests.id")).containsExactly(second, first);
        assertThat(requests("?q=" + tag.toUpperCase().substring(0, 9)).getList("requests.id")).containsExactly(second);
        assertThat(requests("?key=app&limit=1").getList("requests.id")).containsExactly(second);
        assertThat(requests("?key=nobody").getList("requests")).isEmpty();
        // ?key= names a key here; real credentials in the query string are still refused
        given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN).get("/api/requests?api_key=x").then().statusCode(400);
        assertThat(requests("?limit=1").getList("requests")).hasSize(1);
        assertThat(requests("?limit=100000").getList("requests").size()).isLessThanOrEqualTo(RequestLogProfile.SIZE);

        Response export = given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN)
                .get("/api/requests/export?outcome=upstream_error");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.header("content-disposition")).isEqualTo("attachment; filename=\"aimux-requests.json\"");
        List<String> exported = export.jsonPath().getList("id");
        assertThat(exported).contains(failed).doesNotContain(first, second);
        assertThat(export.jsonPath().getList("outcome")).containsOnly("upstream_error");
    }

    @Test
    void badQueriesAndUnknownIdsAreClearErrors() {
        Response missing = given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN).get("/api/requests/req_nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("error.type")).isEqualTo("not_found_error");
        assertThat(missing.jsonPath().getString("request_id")).isEqualTo(missing.header(RequestIds.HEADER));

        for (String bad : List.of("0", "-1", "ten", "<b>")) {
            Response r = given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN)
                    .queryParam("limit", bad).get("/api/requests");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.jsonPath().getString("error.message")).contains("limit").doesNotContain("<b>");
        }
    }

    @Test
    void onlyAdminsReadTheLog() {
        chat(RequestLogProfile.CLIENT, "mock/echo", "x", 200);
        given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).get("/api/requests").then().statusCode(403);
        given().header("Authorization", "Bearer " + RequestLogProfile.CLIENT).get("/api/requests/export").then().statusCode(403);
        given().get("/api/requests").then().statusCode(401);
    }

    @Test
    void theRingKeepsOnlyTheNewest() {
        String oldest = chat(RequestLogProfile.CLIENT, "mock/echo", "old", 200);
        for (int i = 0; i < RequestLogProfile.SIZE; i++) {
            chat(RequestLogProfile.CLIENT, "mock/echo", "fill " + i, 200);
        }
        JsonPath all = requests("?limit=" + (RequestLogProfile.SIZE * 2));
        assertThat(all.getInt("size")).isEqualTo(RequestLogProfile.SIZE);
        assertThat(all.getList("requests")).hasSize(RequestLogProfile.SIZE);
        assertThat(all.getList("requests.id")).doesNotContain(oldest);
        given().header("Authorization", "Bearer " + RequestLogProfile.ADMIN).get("/api/requests/" + oldest)
                .then().statusCode(404);
    }

    @Test
    void entriesAreAppendedToRotatedFiles() throws IOException {
        String id = chat(RequestLogProfile.CLIENT, "mock/echo", "to the file", 200);
        Path dir = RequestLogProfile.dataDir.resolve("request-log");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(dir).stream().anyMatch(line -> line.contains("\"" + id + "\"")));
        for (int i = 0; i < 40; i++) { // well past one 4 KiB file
            chat(RequestLogProfile.CLIENT, "mock/echo", "rotate " + i, 200);
        }
        String last = chat(RequestLogProfile.CLIENT, "mock/echo", "last", 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(dir).stream().anyMatch(line -> line.contains("\"" + last + "\"")));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSizeLessThanOrEqualTo(3).contains(dir.resolve("requests.jsonl"), dir.resolve("requests.1.jsonl"));
            for (Path file : all) {
                assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
            }
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("requests.jsonl")))).isEqualTo("rw-------");
        }
        for (String line : lines(dir)) {
            assertThat(line).startsWith("{\"id\":").endsWith("}").doesNotContain("rotate ");
        }
    }

    static List<String> lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).toList();
        }
    }
}
