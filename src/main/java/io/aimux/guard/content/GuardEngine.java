package io.aimux.guard.content;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.aimux.config.AimuxConfig;
import io.aimux.guard.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard's patterns (built-in and {@code guard.custom}, compiled once at startup), the policy
 * of each caller, and the scan every stage shares: normalise, find, apply the actions. Matches
 * are counted in {@code aimux_guard_matches_total{pattern,category,stage,action}}, refusals in
 * {@code aimux_guard_blocks_total{stage,category}}; logs name pattern ids, never matched text.
 * See docs/security.md and docs/monitoring.md.
 */
@ApplicationScoped
public class GuardEngine {

    private static final Logger LOG = Logger.getLogger(GuardEngine.class);

    /** Longest match assumed for a custom pattern, so the text held back for it stays bounded. */
    public static final int CUSTOM_SPAN = 256;

    /** Per-key policies kept; keys come from configuration, so this is never reached in practice. */
    private static final int MAX_CACHED_POLICIES = 4096;

    /** Upper bound of {@code guard.clean_cache_entries}: about 50 MB of digests (some 52 bytes an entry). */
    static final int MAX_CLEAN_CACHE_ENTRIES = 1_000_000;

    private static final java.util.regex.Pattern CUSTOM_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9\\-]{0,47}");

    private static final GuardEngine DEFAULTS = new GuardEngine(BuiltinPatterns.all(), true, Map.of(), null);
    private static volatile GuardEngine installed;

    private final PatternScanner scanner;
    private final boolean enabled;
    private final Map<String, String> configured;
    private final GuardPolicy global;
    private final GuardPolicy redactingAll;
    private final Map<Map<String, String>, GuardPolicy> perKey = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Blocks by stage and category, registered at 0 up front so a spike alert has a series to rate. */
    private final Counter[][] blocks;
    /** Texts known clean per scan scope; the patterns are fixed for the engine's life, so entries never go stale. */
    private final CleanTextCache clean;

    @Inject
    public GuardEngine(AimuxConfig config, MeterRegistry registry) {
        this(patterns(config), config.guard().enabled(), config.guard().actions(), registry,
                config.guard().cleanCacheEntries());
        installed = this;
    }

    /** An engine outside the application (tests, benchmarks) without a clean-text cache; {@code registry} may be null. */
    public GuardEngine(List<GuardPattern> patterns, boolean enabled, Map<String, String> configured, MeterRegistry registry) {
        this(patterns, enabled, configured, registry, 0);
    }

    /** {@code cleanCacheEntries}: texts remembered as clean ({@code guard.clean_cache_entries}), 0 for none. */
    public GuardEngine(List<GuardPattern> patterns, boolean enabled, Map<String, String> configured, MeterRegistry registry,
            int cleanCacheEntries) {
        this.clean = new CleanTextCache(cleanCacheEntries);
        this.scanner = new PatternScanner(List.copyOf(patterns));
        this.enabled = enabled;
        this.configured = Map.copyOf(configured);
        this.registry = registry;
        this.global = GuardPolicy.of(scanner.patterns(), enabled, this.configured, Map.of());
        this.redactingAll = GuardPolicy.redactingAll(scanner.patterns());
        this.blocks = registry == null ? null : new Counter[GuardStage.values().length][GuardCategory.values().length];
        if (registry != null) {
            for (GuardStage stage : GuardStage.values()) {
                if (stage == GuardStage.LOG) {
                    continue; // a log line is redacted, never refused
                }
                for (GuardCategory category : GuardCategory.values()) {
                    blocks[stage.ordinal()][category.ordinal()] = Counter.builder("aimux_guard_blocks_total")
                            .description("Requests refused and answers stopped by the guard")
                            .tags("stage", stage.label(), "category", category.label()).register(registry);
                }
            }
        }
    }

    /** A request was refused or an answer stopped at {@code stage} because {@code pattern} blocks. */
    void blocked(GuardStage stage, GuardPattern pattern) {
        if (blocks != null && stage != GuardStage.LOG) {
            blocks[stage.ordinal()][pattern.category().ordinal()].increment();
        }
    }

    public List<GuardPattern> patterns() {
        return scanner.patterns();
    }

    /** The policy without per-key overrides. */
    public GuardPolicy policy() {
        return global;
    }

    /** The policy of a caller: the configured one with its key's {@code guard} overrides on top. */
    public GuardPolicy policy(Principal principal) {
        return principal == null ? global : policy(principal.guard());
    }

    public GuardPolicy policy(Map<String, String> keyOverrides) {
        if (keyOverrides == null || keyOverrides.isEmpty()) {
            return global;
        }
        GuardPolicy cached = perKey.get(keyOverrides);
        if (cached != null) {
            return cached;
        }
        GuardPolicy policy = GuardPolicy.of(scanner.patterns(), enabled, configured, keyOverrides);
        if (perKey.size() < MAX_CACHED_POLICIES) {
            perKey.put(Map.copyOf(keyOverrides), policy);
        }
        return policy;
    }

    /** The text after the guard: {@code text} itself when nothing changed; {@code blocked} names the refusing pattern. */
    public record Result(String text, GuardPattern blocked) {}

    /** Checks one whole text at one stage (requests, tool arguments, collected answers). */
    public Result scan(String text, GuardStage stage, GuardPolicy policy, GuardReport report) {
        if (text == null || text.isEmpty() || !policy.active(stage)) {
            return new Result(text, null);
        }
        CleanTextCache.Digest digest = clean.digest(policy.scope(stage), text);
        if (digest != null && clean.isClean(digest)) {
            return new Result(text, null); // resent history: already scanned by these patterns, nothing found
        }
        NormalizedText normalized = NormalizedText.of(text);
        List<Finding> found = scanner.find(normalized, stage, policy);
        if (found.isEmpty()) {
            if (digest != null) {
                clean.markClean(digest);
            }
            return new Result(text, null);
        }
        Resolved resolved = resolve(found, stage, policy, report);
        if (resolved.blocked() != null) {
            return new Result(text, resolved.blocked());
        }
        return new Result(resolved.redactions().isEmpty() ? text
                : apply(text, normalized, resolved.redactions(), text.length()), null);
    }

    /**
     * Text bound for logs, metrics, the admin API or the dashboard, with what the {@code log} stage
     * redacts (or blocks: a log line cannot be refused, so it is redacted) replaced.
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty() || !global.active(GuardStage.LOG)) {
            return text;
        }
        NormalizedText normalized = NormalizedText.of(text);
        List<Finding> found = scanner.find(normalized, GuardStage.LOG, global);
        if (found.isEmpty()) {
            return text;
        }
        List<Finding> redactions = new ArrayList<>();
        int lastEnd = -1;
        for (Finding f : found) {
            if (f.redactStart() < lastEnd) {
                continue;
            }
            GuardAction action = global.action(GuardStage.LOG, f.index());
            count(f.pattern(), GuardStage.LOG, action);
            if (action == GuardAction.REDACT || action == GuardAction.BLOCK) {
                redactions.add(f);
                lastEnd = f.redactEnd();
            }
        }
        return redactions.isEmpty() ? text : apply(text, normalized, redactions, text.length());
    }

    /**
     * Text kept for operators to read later (request-log bodies): every match of any pattern,
     * built-in or custom, is replaced by {@code [REDACTED:<category>]}, whatever the configured
     * actions and also with the guard switched off. Not counted as guard matches.
     */
    public String redactAll(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        NormalizedText normalized = NormalizedText.of(text);
        List<Finding> found = scanner.find(normalized, GuardStage.LOG, redactingAll);
        if (found.isEmpty()) {
            return text;
        }
        List<Finding> redactions = new ArrayList<>();
        int lastEnd = -1;
        for (Finding f : found) {
            if (f.redactStart() >= lastEnd) {
                redactions.add(f);
                lastEnd = f.redactEnd();
            }
        }
        return apply(text, normalized, redactions, text.length(), GuardEngine::categoryMarker);
    }

    static String categoryMarker(GuardPattern pattern) {
        return "[REDACTED:" + pattern.category().label() + "]";
    }

    /** {@link #scrub} of the running application's engine (built-in defaults before it started). */
    public static String scrubbed(String text) {
        GuardEngine engine = installed;
        return (engine != null ? engine : DEFAULTS).scrub(text);
    }

    PatternScanner scanner() {
        return scanner;
    }

    CleanTextCache cleanCache() {
        return clean;
    }

    /** The first blocking pattern, and the redactions to make (overlaps resolved, earliest and longest first). */
    record Resolved(GuardPattern blocked, List<Finding> redactions) {}

    Resolved resolve(List<Finding> found, GuardStage stage, GuardPolicy policy, GuardReport report) {
        GuardPattern blocked = null;
        List<Finding> redactions = new ArrayList<>(0);
        int lastEnd = -1;
        for (Finding f : found) {
            GuardAction action = policy.action(stage, f.index());
            if (action == GuardAction.OFF || f.redactStart() < lastEnd) {
                continue; // inside a match already redacted or blocked: one secret, counted once
            }
            count(f.pattern(), stage, action);
            if (report != null) {
                report.add(f.pattern(), action);
            }
            if (action == GuardAction.BLOCK) {
                blocked = blocked == null ? f.pattern() : blocked;
                lastEnd = f.redactEnd();
            } else if (action == GuardAction.REDACT) {
                redactions.add(f);
                lastEnd = f.redactEnd();
            }
        }
        return new Resolved(blocked, redactions);
    }

    /** The original text up to {@code originLimit} with each redaction's original characters replaced. */
    static String apply(String original, NormalizedText normalized, List<Finding> redactions, int originLimit) {
        return apply(original, normalized, redactions, originLimit, GuardEngine::marker);
    }

    static String apply(String original, NormalizedText normalized, List<Finding> redactions, int originLimit,
            java.util.function.Function<GuardPattern, String> marker) {
        StringBuilder out = new StringBuilder(originLimit + 16 * redactions.size());
        int at = 0;
        for (Finding f : redactions) {
            int from = Math.max(at, normalized.originStart(f.redactStart()));
            int to = Math.min(originLimit, normalized.originEnd(f.redactEnd()));
            if (from >= originLimit) {
                break;
            }
            out.append(original, at, from).append(marker.apply(f.pattern()));
            at = Math.max(from, to);
        }
        out.append(original, at, originLimit);
        return out.toString();
    }

    static String marker(GuardPattern pattern) {
        return "[REDACTED:" + pattern.id() + "]";
    }

    void count(GuardPattern pattern, GuardStage stage, GuardAction action) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(pattern.id() + '\0' + stage.label() + '\0' + action.label(),
                k -> Counter.builder("aimux_guard_matches_total")
                        .description("Guard pattern matches by pattern, category, stage and action taken")
                        .tags("pattern", pattern.id(), "category", pattern.category().label(), "stage", stage.label(),
                                "action", action.label())
                        .register(registry)).increment();
    }

    /** One line per request and stage that matched anything: pattern ids and actions only. */
    public void log(GuardStage stage, GuardReport report) {
        if (report == null || report.isEmpty()) {
            return;
        }
        if (report.blocked()) {
            LOG.warnf("guard %s stage: %s", stage.label(), report.summary());
        } else {
            LOG.infof("guard %s stage: %s", stage.label(), report.summary());
        }
    }

    // ---- configuration ----

    /** Built-in patterns, then the valid custom ones (invalid ones are reported by {@link #problems}). */
    static List<GuardPattern> patterns(AimuxConfig config) {
        List<GuardPattern> patterns = new ArrayList<>(BuiltinPatterns.all());
        List<AimuxConfig.CustomPattern> custom = config.guard().custom().orElse(List.of());
        for (AimuxConfig.CustomPattern c : custom) {
            GuardAction action = GuardAction.parse(c.action());
            Set<GuardStage> stages = stages(c.stages().orElse(null));
            if (action == null || stages == null || !CUSTOM_ID.matcher(c.id()).matches()) {
                continue;
            }
            try {
                patterns.add(new GuardPattern(c.id(), GuardCategory.CUSTOM, Pattern.compile(c.regex()), action, stages,
                        List.of(), 0, CUSTOM_SPAN, CUSTOM_SPAN, 0, null, null, "custom pattern"));
            } catch (PatternSyntaxException e) {
                // reported by problems()
            }
        }
        return patterns;
    }

    private static Set<GuardStage> stages(List<String> names) {
        if (names == null) {
            return GuardStage.ALL;
        }
        Set<GuardStage> stages = EnumSet.noneOf(GuardStage.class);
        for (String name : names) {
            GuardStage stage = GuardStage.parse(name);
            if (stage == null) {
                return null;
            }
            stages.add(stage);
        }
        return stages.isEmpty() ? null : stages;
    }

    /** Problems of the {@code guard} settings and of every key's {@code guard} overrides, named by config key. */
    public static List<String> problems(AimuxConfig config) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (GuardCategory category : GuardCategory.values()) {
            names.add(category.label());
        }
        BuiltinPatterns.all().forEach(p -> names.add(p.id()));
        List<AimuxConfig.CustomPattern> custom = config.guard().custom().orElse(List.of());
        for (int i = 0; i < custom.size(); i++) {
            String at = "guard.custom[" + i + "]";
            AimuxConfig.CustomPattern c = custom.get(i);
            if (!CUSTOM_ID.matcher(c.id()).matches()) {
                problems.add(at + ".id: must be 1 to 48 lowercase letters, digits or '-', starting with a letter or digit");
            } else if (!names.add(c.id())) {
                problems.add(at + ".id: '" + c.id() + "' is already a pattern id or category");
            }
            try {
                Pattern.compile(c.regex());
            } catch (PatternSyntaxException e) {
                // the description only: the expression itself may hold a literal the operator wants kept out of logs
                problems.add(at + ".regex: not a valid RE2 expression (" + e.getDescription() + ")");
            }
            if (GuardAction.parse(c.action()) == null) {
                problems.add(at + ".action: must be block, redact, flag or off");
            }
            if (c.stages().isPresent() && stages(c.stages().get()) == null) {
                problems.add(at + ".stages: must list one or more of request, response, tool_call, log");
            }
        }
        int cleanEntries = config.guard().cleanCacheEntries();
        if (cleanEntries < 0 || cleanEntries > MAX_CLEAN_CACHE_ENTRIES) {
            problems.add("guard.clean_cache_entries: must be between 0 and " + MAX_CLEAN_CACHE_ENTRIES);
        }
        overrides(problems, "guard.actions", config.guard().actions(), names);
        config.auth().keys().forEach((name, key) -> overrides(problems, "auth.keys." + name + ".guard", key.guard(), names));
        return problems;
    }

    private static void overrides(List<String> problems, String at, Map<String, String> actions, Set<String> names) {
        actions.forEach((name, action) -> {
            if (!names.contains(name)) {
                problems.add(at + "." + shorten(name) + ": no pattern or category of that name");
            } else if (GuardAction.parse(action) == null) {
                problems.add(at + "." + name + ": must be block, redact, flag or off");
            }
        });
    }

    private static String shorten(String value) {
        return value.length() > 48 ? value.substring(0, 48) + "…" : value;
    }
}
