package io.aimux.prettify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of tool-call dialects, in default preference order. Adding a dialect means adding
 * one line here.
 */
public final class Dialects {

    private static final List<Dialect> ALL = List.of(
            new HermesDialect(),
            new Qwen3XmlDialect(),
            new GlmDialect(),
            new AnthropicXmlDialect(),
            new MistralDialect(),
            new LlamaDialect(),
            new DeepSeekDialect(),
            new KimiDialect(),
            new HarmonyDialect(),
            new FencedJsonDialect());

    /** Leading {@code <think>}/{@code <thinking>} reasoning; active when reasoning extraction is on. */
    static final Dialect THINK_TAGS = new ThinkTagsDialect();

    private static final Map<String, Dialect> BY_ID = new LinkedHashMap<>();

    static {
        for (Dialect d : ALL) {
            BY_ID.put(d.id(), d);
        }
    }

    private Dialects() {}

    /** Ids of all tool-call dialects, in default preference order. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }

    /** All tool-call dialects, in default preference order. */
    public static List<Dialect> all() {
        return ALL;
    }

    /** The dialect with this id, or null. */
    public static Dialect byId(String id) {
        return BY_ID.get(id);
    }

    /** The dialects named by {@code ids} in that order (unknown ids and repeats skipped); all when empty. */
    public static List<Dialect> resolve(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return ALL;
        }
        List<Dialect> out = new ArrayList<>();
        for (String id : ids) {
            Dialect d = BY_ID.get(id);
            if (d != null && !out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }
}
