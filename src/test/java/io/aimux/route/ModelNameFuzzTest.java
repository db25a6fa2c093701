package io.aimux.route;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.GatewayException;
import io.aimux.provider.ProviderRegistry;
import io.aimux.testing.FuzzInput;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of the names clients route by: {@link Target#parse} of {@code PROVIDER/MODEL}, and
 * {@link ModelRouter} resolving any name (aliases, routes, role routes, the default model, unknown
 * and disabled providers) for a few request shapes.
 *
 * <p>An input is one header byte and the name, UTF-8: bit 0 picks the router (with role routes, or
 * with a default model), bits 1-2 the request (plain, long, with an image, a small background
 * request), bit 3 the protocol. Seed files start with a printable header, e.g. {@code "@"} (role
 * routes, plain request, OpenAI). Seeds: {@code src/test/resources/io/aimux/route/ModelNameFuzzTestInputs/}.
 *
 * <p>The property: parsing never throws and round-trips; routing either yields at least one target
 * of an enabled provider or refuses with a 4xx {@link GatewayException} that says so briefly.
 */
class ModelNameFuzzTest {

    private static Vertx vertx;
    private static List<ModelRouter> routers;
    private static List<ObjectNode> bodies;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        // small bodies and a low long-context threshold keep each run in microseconds
        String withRoles = ModelRouterTest.ROUTES + ", \"route_roles\": {\"background\": \"cheap\", \"vision\": \"eyes\","
                + " \"long_context\": \"huge\", \"long_context_threshold\": 30}}";
        String withDefault = ModelRouterTest.ROUTES + ", \"default_model\": \"fast\"}";
        routers = List.of(router(withRoles), router(withDefault));
        bodies = List.of(body("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                body("{\"model\":\"x\",\"max_tokens\":4000,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "please read this long question again and again ".repeat(12) + "\"}]}"),
                body("{\"model\":\"x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":["
                        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}"),
                body("{\"model\":\"claude-haiku-4-5-20251001\",\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":\"a title?\"}]}"));
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) RoleClassifierTest.json(json);
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    private static ModelRouter router(String json) {
        AimuxConfig config = ModelRouterTest.config(json);
        return new ModelRouter(config, new ProviderRegistry(config, vertx, new ObjectMapper()), new Random(7)::nextInt);
    }

    @FuzzTest
    void anyName(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int header = in.nextByte();
        String name = new String(in.rest(), StandardCharsets.UTF_8);

        Target target = Target.parse(name);
        if (target != null) {
            assertThat(target.toString()).isEqualTo(name);
            assertThat(target.provider()).isNotEmpty().doesNotContain("/");
            assertThat(target.model()).isNotEmpty();
        }
        if (name.isBlank() || name.length() > 256 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return; // the envelope check refuses these before routing
        }
        ModelRouter router = routers.get(header & 1);
        ObjectNode body = bodies.get((header >> 1) & 3);
        WireProtocol protocol = (header & 8) == 0 ? WireProtocol.OPENAI : WireProtocol.ANTHROPIC;
        try {
            RouteDecision decision = router.decide(protocol, body, name);
            assertThat(decision.targets()).isNotEmpty();
            assertThat(router.resolve(name)).isNotEmpty();
        } catch (GatewayException e) {
            assertThat(e.kind().status()).as(e.getMessage()).isBetween(400, 499);
            assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(600).doesNotContain("Exception");
        }
    }
}
