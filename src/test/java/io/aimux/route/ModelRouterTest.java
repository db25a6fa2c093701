package io.aimux.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.config.ConfigValidator;
import io.aimux.config.TestConfigs;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.ProviderRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes, role routes and context windows, from config.json through the real mapping. */
class ModelRouterTest {

    private static Vertx vertx;

    static final String ROUTES = """
            {"providers": {
               "local":  {"type": "openai", "base_url": "http://127.0.0.1:9/v1", "api_key": "local-key", "context_window": 32768},
               "cloud":  {"type": "openai", "base_url": "http://127.0.0.1:9/v1", "api_key": "cloud-key"},
               "backup": {"type": "anthropic", "base_url": "http://127.0.0.1:9", "api_key": "backup-key"},
               "off":    {"type": "openai", "base_url": "http://127.0.0.1:9/v1", "api_key": "off-key", "enabled": false}},
             "aliases": {"claude-sonnet-4-5": ["cloud/big", "backup/claude-sonnet-4-5"]},
             "routes": {
               "fast": {"targets": [{"model": "local/qwen", "weight": 3}, {"model": "cloud/glm", "weight": 1},
                                    {"model": "backup/claude", "priority": 1}, {"model": "cloud/never", "enabled": false}]},
               "cheap": {"targets": [{"model": "cloud/mini"}]},
               "eyes": {"targets": [{"model": "cloud/vision"}]},
               "huge": {"targets": [{"model": "cloud/long", "context_window": 1000000}]},
               "small-only": {"targets": [{"model": "local/tiny", "context_window": 100}, {"model": "cloud/small", "context_window": 200}]},
               "with-off": {"targets": [{"model": "off/x"}, {"model": "cloud/y"}]}}
            """;
    static final String CONFIG = ROUTES + """
            , "route_roles": {"background": "cheap", "vision": "eyes", "long_context": "huge", "long_context_threshold": 5000}}
            """;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    static AimuxConfig config(String json) {
        return TestConfigs.fromJson(json);
    }

    static ModelRouter router(String json, long seed) {
        AimuxConfig config = config(json);
        return new ModelRouter(config, new ProviderRegistry(config, vertx, new ObjectMapper()), new Random(seed)::nextInt);
    }

    static ObjectNode claudeCodeTurn() {
        return RoleClassifierTest.recorded(RoleClassifierTest.CLAUDE_CODE_TURN);
    }

    static ObjectNode smallOpenAi() {
        return (ObjectNode) RoleClassifierTest.json("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void theExampleConfigIsValid() {
        assertThat(ConfigValidator.problems(config(CONFIG), Set.of())).isEmpty();
    }

    @Test
    void aRouteIsAddressableAsAModelAndDisabledTargetsAreGone() {
        ModelRouter router = router(CONFIG, 1);
        RouteDecision decision = router.decide(WireProtocol.OPENAI, smallOpenAi(), "fast");
        assertThat(decision.route()).isEqualTo("fast");
        assertThat(decision.role()).isNull();
        assertThat(decision.targets()).hasSize(3).doesNotContain(Target.parse("cloud/never"));
        assertThat(decision.targets().subList(0, 2)).containsExactlyInAnyOrder(Target.parse("local/qwen"), Target.parse("cloud/glm"));
        assertThat(decision.targets().get(2)).isEqualTo(Target.parse("backup/claude"));
        assertThat(router.names()).contains("fast", "claude-sonnet-4-5");
    }

    @Test
    void aRouteSpreadsFirstTargetsByWeight() {
        ModelRouter router = router(CONFIG, 11);
        int local = 0;
        for (int i = 0; i < 4000; i++) {
            if (router.decide(WireProtocol.OPENAI, smallOpenAi(), "fast").targets().get(0).provider().equals("local")) {
                local++;
            }
        }
        assertThat(local / 4000.0).isBetween(0.72, 0.78);
    }

    @Test
    void targetsOfDisabledProvidersAreSkipped() {
        assertThat(router(CONFIG, 1).decide(WireProtocol.OPENAI, smallOpenAi(), "with-off").targets())
                .containsExactly(Target.parse("cloud/y"));
    }

    @Test
    void aliasesKeepTheirOrder() {
        RouteDecision decision = router(CONFIG, 1).decide(WireProtocol.OPENAI, smallOpenAi(), "claude-sonnet-4-5");
        assertThat(decision.targets()).containsExactly(Target.parse("cloud/big"), Target.parse("backup/claude-sonnet-4-5"));
        assertThat(decision.route()).isEqualTo("claude-sonnet-4-5");
        assertThat(decision.role()).isNull();
    }

    @Test
    void aLongRequestToAnAliasTakesTheLongContextRoute() {
        RouteDecision decision = router(CONFIG, 1).decide(WireProtocol.ANTHROPIC, claudeCodeTurn(), "claude-sonnet-4-5");
        assertThat(decision.role()).isEqualTo(RequestRole.LONG_CONTEXT); // threshold 5000, the recorded turn is larger
        assertThat(decision.route()).isEqualTo("huge");
        assertThat(decision.targets()).containsExactly(Target.parse("cloud/long"));
    }

    @Test
    void aHaikuRequestTakesTheBackgroundRouteUnlessTheModelIsExplicit() {
        ObjectNode body = claudeCodeTurn();
        RoleClassifierTest.haikuSideRequest(body);
        ModelRouter router = router(CONFIG, 1);
        RouteDecision decision = router.decide(WireProtocol.ANTHROPIC, body, "claude-haiku-4-5-20251001");
        assertThat(decision.targets()).containsExactly(Target.parse("cloud/mini"));
        assertThat(decision.header(decision.targets().get(0), 1)).isEqualTo("cloud/mini; route=cheap; role=background; attempts=1");

        RouteDecision explicit = router.decide(WireProtocol.ANTHROPIC, body, "backup/claude-haiku-4-5");
        assertThat(explicit.targets()).containsExactly(Target.parse("backup/claude-haiku-4-5"));
        assertThat(explicit.role()).isNull();
        assertThat(explicit.header(explicit.targets().get(0), 2)).isEqualTo("backup/claude-haiku-4-5; attempts=2");
    }

    @Test
    void visionWinsOverLongContextAndBackground() {
        ObjectNode body = claudeCodeTurn();
        RoleClassifierTest.withUserImage(body);
        body.put("model", "claude-haiku-4-5");
        RouteDecision decision = router(CONFIG, 1).decide(WireProtocol.ANTHROPIC, body, "claude-haiku-4-5");
        assertThat(decision.role()).isEqualTo(RequestRole.VISION);
        assertThat(decision.targets()).containsExactly(Target.parse("cloud/vision"));
    }

    @Test
    void targetsWithTooSmallAWindowAreSkipped() {
        ObjectNode body = claudeCodeTurn(); // over 10k tokens: more than 'local' takes once its window is 4096
        String json = ROUTES.replace("\"context_window\": 32768", "\"context_window\": 4096") + "}";
        RouteDecision decision = router(json, 1).decide(WireProtocol.ANTHROPIC, body, "fast");
        assertThat(decision.targets()).containsExactly(Target.parse("cloud/glm"), Target.parse("backup/claude"));
    }

    @Test
    void noTargetLargeEnoughIsAClientError() {
        assertThatThrownBy(() -> router(ROUTES + "}", 1).decide(WireProtocol.OPENAI,
                RoleClassifierTest.recorded(RoleClassifierTest.OPENCODE_OPENAI_TOOLS), "small-only"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("tokens (estimated)").contains("(200 tokens)");
                });
    }

    @Test
    void resolveWithoutABodyStillOrdersRoutes() {
        List<Target> targets = router(CONFIG, 5).resolve("fast");
        assertThat(targets).hasSize(3);
        assertThat(targets.get(2)).isEqualTo(Target.parse("backup/claude"));
    }

    @Test
    void anEmptyTargetListStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> config("{\"routes\": {\"empty\": {\"targets\": []}}}"))
                .hasMessageContaining("aimux.routes.empty.targets");
    }

    @Test
    void validationNamesEveryBadRouteSetting() {
        AimuxConfig bad = config("""
                {"providers": {"cloud": {"type": "openai", "base_url": "http://127.0.0.1:9/v1", "context_window": 0}},
                 "aliases": {"dup": ["cloud/a"]},
                 "routes": {
                   "r": {"targets": [{"model": "nowhere/x", "weight": 0}, {"model": "bare", "priority": -1, "context_window": -5}]},
                   "dup": {"targets": [{"model": "cloud/a"}]},
                   "dark": {"targets": [{"model": "cloud/a", "enabled": false}]}},
                 "route_roles": {"vision": "missing", "thinking": "ghost/m", "long_context_threshold": 0}}""");
        assertThat(ConfigValidator.problems(bad, Set.of())).containsExactlyInAnyOrder(
                "providers.cloud.context_window: must be a positive number",
                "routes.r.targets[0].model: provider 'nowhere' is not configured",
                "routes.r.targets[0].weight: must be at least 1",
                "routes.r.targets[1].model: 'bare' is not of the form PROVIDER/MODEL",
                "routes.r.targets[1].priority: must not be negative",
                "routes.r.targets[1].context_window: must be a positive number",
                "routes.dup: the same name is also an alias",
                "routes.dark.targets: every target is disabled",
                "route_roles.vision: 'missing' is neither a configured route nor an alias",
                "route_roles.thinking: provider 'ghost' is not configured",
                "route_roles.long_context_threshold: must be a positive number");
    }
}
