package io.aimux.guard;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A keyed gateway with its own data directory (runtime keys must not leak into other tests):
 * an admin key, an unrestricted client key, and two keys limited to some models.
 */
public class KeyedProfile implements QuarkusTestProfile {

    // visibly fake keys, assembled at runtime
    static final String ADMIN = "fake-" + "admin-" + "key-0001";
    static final String CLIENT = "fake-" + "client-" + "key-0002";
    static final String LIMITED = "fake-" + "limited-" + "key-0003";
    static final String MOCKS = "fake-" + "mocks-" + "key-0004";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path data;
        try {
            data = Files.createTempDirectory(Path.of("target"), "keyed-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("aimux.data-dir", data.toString()),
                Map.entry("aimux.auth.refresh-seconds", "0"),
                Map.entry("aimux.auth.keys.ops.key", ADMIN),
                Map.entry("aimux.auth.keys.ops.role", "admin"),
                Map.entry("aimux.auth.keys.app.key", CLIENT),
                Map.entry("aimux.auth.keys.limited.key", LIMITED),
                Map.entry("aimux.auth.keys.limited.models", "failover-demo,mock/echo"),
                Map.entry("aimux.auth.keys.mocks.key", MOCKS),
                Map.entry("aimux.auth.keys.mocks.models", "mock/*"));
    }
}
