package io.aimux.route;

import io.aimux.config.AimuxConfig;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.aimux.provider.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the model a client asked for into an ordered fallback chain: an alias gives its chain,
 * {@code PROVIDER/MODEL} gives itself, a bare unknown name the default model if one is set.
 */
@ApplicationScoped
public class ModelRouter {

    private final Map<String, List<String>> aliases;
    private final String defaultModel;
    private final ProviderRegistry providers;

    public ModelRouter(AimuxConfig config, ProviderRegistry providers) {
        this.aliases = config.aliases();
        this.defaultModel = config.defaultModel().orElse(null);
        this.providers = providers;
    }

    public List<Target> resolve(String model) {
        List<String> chain = aliases.get(model);
        if (chain != null) {
            List<Target> targets = new ArrayList<>(chain.size());
            for (String entry : chain) {
                Target target = Target.parse(entry);
                if (target != null && providers.find(target.provider()).isPresent()) {
                    targets.add(target);
                }
            }
            if (targets.isEmpty()) {
                throw new GatewayException(ErrorKind.NOT_FOUND,
                        "model '" + model + "' is an alias, but none of its providers is enabled", "model_not_found", null);
            }
            return targets;
        }
        Target target = Target.parse(model);
        if (target == null) {
            if (defaultModel != null && model.indexOf('/') < 0) {
                return resolve(defaultModel);
            }
            throw new GatewayException(ErrorKind.NOT_FOUND, "model '" + model
                    + "' not found: use PROVIDER/MODEL or a configured alias", "model_not_found", null);
        }
        if (providers.find(target.provider()).isEmpty()) {
            String why = providers.configured(target.provider())
                    ? "provider '" + target.provider() + "' is disabled: " + providers.statuses().get(target.provider()).reason()
                    : "unknown provider in model '" + model + "'";
            throw new GatewayException(ErrorKind.NOT_FOUND, why, "model_not_found", null);
        }
        return List.of(target);
    }

    public Map<String, List<String>> aliases() {
        return aliases;
    }
}
