package io.aimux.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimux.config.AimuxConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * Picks the state store ({@code state.store}): in memory with records in files (one replica), or Redis for counters
 * and records shared by every replica. Only the Redis store creates a Redis client, and it does
 * so at startup, after the configuration passed its checks, so readiness reflects Redis from
 * the start.
 */
@ApplicationScoped
public class StateBeans {

    public static final String MEMORY = "memory";
    public static final String REDIS = "redis";

    private final AimuxConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final ObjectMapper mapper;
    private StoreStatus status;
    private RedisState redis;

    public StateBeans(AimuxConfig config, Vertx vertx, MeterRegistry registry, ObjectMapper mapper) {
        this.mapper = mapper;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
    }

    private boolean redisStore() {
        return REDIS.equals(config.state().store());
    }

    @Produces
    @Singleton
    synchronized StoreStatus status() {
        if (status == null) {
            status = new StoreStatus(registry, redisStore() ? REDIS : MEMORY, "closed".equals(config.state().onUnavailable()));
        }
        return status;
    }

    @Produces
    @Singleton
    CounterStore counters() {
        return redisStore() ? new RedisCounters(redis()) : new InMemoryCounters();
    }

    @Produces
    @Singleton
    SharedRecords records() {
        // one replica: files under <data_dir>/records, so runtime keys survive a restart
        return redisStore() ? new RedisRecords(redis())
                : new FileRecords(vertx, Path.of(config.dataDir()).resolve("records"), mapper);
    }

    /** Stored Responses answers: shared through Redis, or in this replica's memory bounded by count and age. */
    @Produces
    @Singleton
    ResponseStore responses() {
        AimuxConfig.Responses settings = config.responses();
        return redisStore() ? new RedisResponseStore(redis(), mapper, settings.maxStored(), settings.ttlSeconds())
                : new InMemoryResponseStore(settings.maxStored(), settings.ttlSeconds(), System::currentTimeMillis);
    }

    private synchronized RedisState redis() {
        if (redis == null) {
            String url = config.state().redisUrl().filter(u -> !u.isBlank())
                    .orElseThrow(() -> new IllegalStateException("state.redis_url is required when state.store is redis"));
            redis = new RedisState(vertx, url, config.state().keyPrefix().orElse(""), config.state().timeoutMs(), status());
        }
        return redis;
    }

    /** Whether this replica created a Redis client (only with state.store=redis). */
    public synchronized boolean redisClientCreated() {
        return redis != null;
    }

    /** After the configuration checks (default priority), so an invalid setting is reported, not tripped over. */
    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (redisStore()) {
            redis();
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
