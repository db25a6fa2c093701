package io.aimux.limits;

import io.aimux.testing.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A redis-server for one test class; its port and process id are handed to the test as settings. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("aimux.state.store", "redis", "aimux.state.redis-url", server.url(),
                "aimux-test.redis-port", Integer.toString(server.port()),
                "aimux-test.redis-pid", Long.toString(server.pid()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
