package io.aimux.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimux.chat.WireProtocol;
import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.error.SafeText;
import io.aimux.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Turns the model a client asked for into an ordered list of targets (docs/routing.md): a role
 * route chosen from the request itself, else a route (weighted, prioritised), an alias (a fixed
 * fallback chain), {@code PROVIDER/MODEL} itself, or the default model for a bare unknown name.
 * Targets whose context window is smaller than the request are left out.
 */
@ApplicationScoped
public class ModelRouter {

    private final Map<String, List<String>> aliases;
    private final Map<String, List<WeightedTarget>> routes = new LinkedHashMap<>();
    private final Map<RequestRole, String> roleRoutes = new EnumMap<>(RequestRole.class);
    private final RoleClassifier.Thresholds thresholds;
    private final Map<String, Long> providerWindows = new HashMap<>();
    private final String defaultModel;
    private final ProviderRegistry providers;
    private final IntUnaryOperator randomBelow;

    @Inject
    public ModelRouter(AimuxConfig config, ProviderRegistry providers) {
        this(config, providers, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    ModelRouter(AimuxConfig config, ProviderRegistry providers, IntUnaryOperator randomBelow) {
        this.aliases = config.aliases();
        this.defaultModel = config.defaultModel().orElse(null);
        this.providers = providers;
        this.randomBelow = randomBelow;
        config.providers().forEach((name, settings) ->
                settings.contextWindow().ifPresent(window -> providerWindows.put(name, window)));
        config.routes().forEach((name, route) -> {
            List<WeightedTarget> targets = new ArrayList<>();
            for (AimuxConfig.RouteTarget entry : route.targets()) {
                Target target = Target.parse(entry.model());
                if (entry.enabled() && target != null) {
                    targets.add(new WeightedTarget(target, Math.max(1, entry.weight()), entry.priority(),
                            entry.contextWindow().orElse(window(target))));
                }
            }
            routes.put(name, targets);
        });
        AimuxConfig.RouteRoles roles = config.routeRoles();
        roles.webSearch().ifPresent(name -> roleRoutes.put(RequestRole.WEB_SEARCH, name));
        roles.vision().ifPresent(name -> roleRoutes.put(RequestRole.VISION, name));
        roles.longContext().ifPresent(name -> roleRoutes.put(RequestRole.LONG_CONTEXT, name));
        roles.thinking().ifPresent(name -> roleRoutes.put(RequestRole.THINKING, name));
        roles.background().ifPresent(name -> roleRoutes.put(RequestRole.BACKGROUND, name));
        this.thresholds = new RoleClassifier.Thresholds(roles.longContextThreshold(), roles.backgroundMaxTokens());
    }

    /** Where a chat request goes, decided from its model and, for role routes, its body. */
    public RouteDecision decide(WireProtocol protocol, JsonNode body, String model) {
        RoutingRequest request = new RoutingRequest(protocol, body, model);
        String name = model;
        RequestRole role = null;
        if (!roleRoutes.isEmpty() && !isExplicit(model)) {
            for (Map.Entry<RequestRole, String> configured : roleRoutes.entrySet()) { // EnumMap: precedence order
                if (RoleClassifier.matches(configured.getKey(), request, thresholds)) {
                    role = configured.getKey();
                    name = configured.getValue();
                    break;
                }
            }
        }
        String routeName = routes.containsKey(name) || aliases.containsKey(name) ? name : null;
        if (routeName == null && defaultModel != null && Target.parse(name) == null
                && (routes.containsKey(defaultModel) || aliases.containsKey(defaultModel))) {
            routeName = defaultModel;
        }
        return new RouteDecision(fitting(candidates(name), request), routeName, role);
    }

    /** Targets in order for a model name, without looking at a request (token counting). */
    public List<Target> resolve(String model) {
        List<Target> targets = new ArrayList<>();
        candidates(model).forEach(candidate -> targets.add(candidate.target()));
        return targets;
    }

    /** Alias and route names, which clients may use as model names. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(aliases.keySet());
        names.addAll(routes.keySet());
        return names;
    }

    public Map<String, List<String>> aliases() {
        return aliases;
    }

    /** A {@code provider/model} the client spelled out: role routes never override it. */
    private boolean isExplicit(String model) {
        return !aliases.containsKey(model) && !routes.containsKey(model) && Target.parse(model) != null;
    }

    private List<WeightedTarget> candidates(String model) {
        List<WeightedTarget> route = routes.get(model);
        if (route != null) {
            return enabledOnly(model, TargetOrder.order(route, randomBelow));
        }
        List<String> chain = aliases.get(model);
        if (chain != null) {
            List<WeightedTarget> targets = new ArrayList<>(chain.size());
            for (String entry : chain) {
                Target target = Target.parse(entry);
                if (target != null) {
                    targets.add(WeightedTarget.inOrder(target, targets.size(), window(target)));
                }
            }
            return enabledOnly(model, targets);
        }
        Target target = Target.parse(model);
        if (target == null) {
            if (defaultModel != null && model.indexOf('/') < 0) {
                return candidates(defaultModel);
            }
            throw new GatewayException(ErrorKind.NOT_FOUND, "model " + SafeText.quote(model)
                    + " not found: use PROVIDER/MODEL, a configured alias or route", "model_not_found", null);
        }
        if (providers.find(target.provider()).isEmpty()) {
            String why = providers.configured(target.provider())
                    ? "provider '" + target.provider() + "' is disabled: " + providers.statuses().get(target.provider()).reason()
                    : "unknown provider in model " + SafeText.quote(model);
            throw new GatewayException(ErrorKind.NOT_FOUND, why, "model_not_found", null);
        }
        return List.of(WeightedTarget.inOrder(target, 0, window(target)));
    }

    private List<WeightedTarget> enabledOnly(String name, List<WeightedTarget> targets) {
        List<WeightedTarget> enabled = new ArrayList<>(targets.size());
        for (WeightedTarget candidate : targets) {
            if (providers.find(candidate.target().provider()).isPresent()) {
                enabled.add(candidate);
            }
        }
        if (enabled.isEmpty()) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "model " + SafeText.quote(name)
                    + " is an alias or route, but none of its providers is enabled", "model_not_found", null);
        }
        return enabled;
    }

    /**
     * Leaves out targets too small for the request; the estimate is only computed when some
     * target has a known window. None left is the client's problem: a 400 naming both sizes.
     */
    private static List<Target> fitting(List<WeightedTarget> candidates, RoutingRequest request) {
        List<Target> targets = new ArrayList<>(candidates.size());
        if (candidates.stream().allMatch(candidate -> candidate.contextWindow() <= 0)) {
            candidates.forEach(candidate -> targets.add(candidate.target()));
            return targets;
        }
        long estimate = request.tokenEstimate();
        long largest = 0;
        for (WeightedTarget candidate : candidates) {
            if (candidate.fits(estimate)) {
                targets.add(candidate.target());
            }
            largest = Math.max(largest, candidate.contextWindow());
        }
        if (targets.isEmpty()) { // every candidate has a known window, all smaller than the request
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "the request is about " + estimate
                    + " tokens (estimated), more than the largest context window of its targets (" + largest + " tokens)",
                    "context_length_exceeded", null);
        }
        return targets;
    }

    private long window(Target target) {
        return providerWindows.getOrDefault(target.provider(), 0L);
    }
}
