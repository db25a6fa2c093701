package io.aimux.limits;

import io.aimux.testing.RedisServer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.concurrent.TimeUnit;

/** Takes the test's Redis away (by its process id) and brings a new one up on the same port. */
final class RedisOutage {

    private RedisOutage() {}

    static void kill() {
        long pid = ConfigProvider.getConfig().getValue("aimux-test.redis-pid", Long.class);
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("redis-server did not stop", e);
            }
        });
    }

    static RedisServer restart() {
        return RedisServer.start(ConfigProvider.getConfig().getValue("aimux-test.redis-port", Integer.class));
    }
}
