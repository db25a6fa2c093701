package io.aimux.prettify;

import io.aimux.chat.ToolSpec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a dialect may know beyond the text: the declared tools and the stream's state. */
public final class MatchContext {

    private final Map<String, ToolSpec> tools;
    private final boolean extractReasoning;
    private boolean finished;
    private String lastDialect;

    public MatchContext(Collection<ToolSpec> declaredTools, boolean extractReasoning) {
        Map<String, ToolSpec> map = new LinkedHashMap<>();
        if (declaredTools != null) {
            for (ToolSpec t : declaredTools) {
                if (t != null && t.name() != null && !t.name().isEmpty()) {
                    map.putIfAbsent(t.name(), t);
                }
            }
        }
        this.tools = map;
        this.extractReasoning = extractReasoning;
    }

    public static MatchContext of(List<ToolSpec> tools) {
        return new MatchContext(tools, true);
    }

    public boolean hasTools() {
        return !tools.isEmpty();
    }

    public boolean isDeclared(String name) {
        return name != null && tools.containsKey(name);
    }

    /** True when some declared tool name starts with {@code partial}. */
    public boolean isDeclaredPrefix(CharSequence partial) {
        String p = partial.toString();
        for (String n : tools.keySet()) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public ToolSpec tool(String name) {
        return tools.get(name);
    }

    public boolean extractReasoning() {
        return extractReasoning;
    }

    /** True once the stream has ended: no more text will come. */
    public boolean finished() {
        return finished;
    }

    /** Id of the dialect that produced the last extracted span in this stream, or null. */
    public String lastDialect() {
        return lastDialect;
    }

    void setFinished(boolean finished) {
        this.finished = finished;
    }

    void setLastDialect(String lastDialect) {
        this.lastDialect = lastDialect;
    }
}
