package io.aimux.api;

import io.aimux.guard.AuthTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** {@code GET /api/version} and {@code aimux_build_info}: the build's version and commit, for admins only. */
@QuarkusTest
@TestProfile(AuthTest.WithKeys.class)
class VersionApiTest {

    @Test
    void adminsSeeTheVersionAndCommitOfTheBuild() throws Exception {
        String expectedCommit = gitHead();
        var body = given().header("x-api-key", AuthTest.ADMIN).get("/api/version").then().statusCode(200)
                .body("version", equalTo(System.getProperty("project.version.expected")))
                .body("build_time", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .extract().jsonPath();
        String commit = body.getString("commit");
        if (expectedCommit != null) {
            assertThat(commit).isEqualTo(expectedCommit);
        } else {
            assertThat(commit).matches("[0-9a-f]{12}|unknown");
        }
        String metrics = given().header("x-api-key", AuthTest.ADMIN).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).containsPattern("aimux_build_info\\{commit=\"" + commit + "\",version=\""
                + java.util.regex.Pattern.quote(body.getString("version")) + "\"} 1\\.0");
    }

    @Test
    void theVersionIsAnAdminEndpoint() {
        given().get("/api/version").then().statusCode(401);
        given().header("Authorization", "Bearer " + AuthTest.CLIENT).get("/api/version").then().statusCode(403);
    }

    /** The checkout's commit as git prints it, or null where git or the history is absent. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
