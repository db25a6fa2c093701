package io.aimux.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aimux.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stored Responses answers in Redis: one replica stores, another continues the conversation. */
class RedisResponseStoreTest {

    static RedisServer server;
    static Vertx vertx;
    static RedisState first;
    static RedisState second;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        first = new RedisState(vertx, server.url(), "responses", 2000, new StoreStatus(new SimpleMeterRegistry(), "redis", false));
        second = new RedisState(vertx, server.url(), "responses", 2000, new StoreStatus(new SimpleMeterRegistry(), "redis", false));
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
            second.close();
            vertx.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ResponseStore.StoredResponse response(String id, String owner) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        var body = f.objectNode().put("id", id);
        body.putArray("output").addObject().put("type", "message").put("role", "assistant");
        var history = f.arrayNode();
        history.addObject().put("role", "user").put("content", "earlier");
        var input = f.arrayNode();
        input.addObject().put("role", "user").put("content", "now");
        return new ResponseStore.StoredResponse(id, owner, body, history, input, 1234);
    }

    @Test
    void aResponseStoredOnOneReplicaIsReadAndDeletedOnAnother() {
        ResponseStore a = new RedisResponseStore(first, MAPPER, 1000, 3600);
        ResponseStore b = new RedisResponseStore(second, MAPPER, 1000, 3600);
        get(a.put(response("resp_shared", "team-a")));

        ResponseStore.StoredResponse read = get(b.get("resp_shared"));
        assertThat(read.owner()).isEqualTo("team-a");
        assertThat(read.storedAtMillis()).isEqualTo(1234);
        assertThat(read.conversation()).hasSize(3);
        assertThat(read.conversation().get(2).path("role").asText()).isEqualTo("assistant");

        assertThat(get(b.delete("resp_shared"))).isTrue();
        assertThat(get(a.get("resp_shared"))).isNull();
        assertThat(get(a.delete("resp_shared"))).isFalse();
    }

    @Test
    void anAnonymousResponseKeepsNoOwner() {
        ResponseStore a = new RedisResponseStore(first, MAPPER, 1000, 3600);
        get(a.put(response("resp_anonymous", null)));
        assertThat(get(a.get("resp_anonymous")).owner()).isNull();
    }

    @Test
    void storedResponsesExpireWithTheirAge() {
        ResponseStore a = new RedisResponseStore(first, MAPPER, 1000, 1);
        get(a.put(response("resp_brief", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.get("resp_brief")) == null);
    }

    @Test
    void maxStoredZeroStoresNothing() {
        ResponseStore a = new RedisResponseStore(first, MAPPER, 0, 3600);
        get(a.put(response("resp_none", null)));
        assertThat(get(a.get("resp_none"))).isNull();
    }
}
