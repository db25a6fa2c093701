package io.aimux.requestlog;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A keyed gateway with a small request log that is also written to files (own data directory),
 * bodies off as by default.
 */
public class RequestLogProfile implements QuarkusTestProfile {

    // visibly fake keys, assembled at runtime
    static final String ADMIN = "fake-" + "admin-" + "key-0101";
    static final String CLIENT = "fake-" + "client-" + "key-0102";
    static final int SIZE = 12;

    static Path dataDir;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            dataDir = Files.createTempDirectory(Path.of("target"), "request-log-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(keys());
        config.put("aimux.data-dir", dataDir.toString());
        config.put("aimux.request-log.size", Integer.toString(SIZE));
        config.put("aimux.request-log.persist", "true");
        config.put("aimux.request-log.max-file-bytes", "4096");
        config.put("aimux.request-log.max-files", "3");
        return config;
    }

    static Map<String, String> keys() {
        return Map.of(
                "aimux.auth.refresh-seconds", "0",
                "aimux.auth.keys.ops.key", ADMIN,
                "aimux.auth.keys.ops.role", "admin",
                "aimux.auth.keys.app.key", CLIENT,
                "aimux.providers.mock.enabled", "true");
    }

    /** The same gateway keeping bodies (cut short, to see the cut), without files. */
    public static class WithBodies implements QuarkusTestProfile {
        static final int MAX_BODY_CHARS = 2000;

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(keys());
            try {
                config.put("aimux.data-dir", Files.createTempDirectory(Path.of("target"), "request-log-bodies").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.put("aimux.request-log.bodies", "true");
            config.put("aimux.request-log.max-body-chars", Integer.toString(MAX_BODY_CHARS));
            return config;
        }
    }

    /**
     * The log's entry for {@code id}. The entry is written when the request ends, just after its
     * answer left, so a client that asks at once may arrive first: wait for it, boundedly.
     */
    static io.restassured.response.Response logged(String id) {
        io.restassured.response.Response[] found = new io.restassured.response.Response[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            found[0] = io.restassured.RestAssured.given().header("Authorization", "Bearer " + ADMIN).get("/api/requests/" + id);
            return found[0].statusCode() != 404;
        });
        return found[0];
    }
}
