package io.aimux.route;

/**
 * What a request is, as far as routing cares. Declared in order of precedence: when several
 * match, the first one that has a route configured decides (docs/routing.md).
 */
public enum RequestRole {
    /** Declares a web search server tool: only some upstreams can run it. */
    WEB_SEARCH("web_search"),
    /** Carries an image: needs a model that sees. */
    VISION("vision"),
    /** Estimated above the long-context threshold: needs a large window. */
    LONG_CONTEXT("long_context"),
    /** Asks for high reasoning effort. */
    THINKING("thinking"),
    /** A cheap side request (titles, summaries, quota checks). */
    BACKGROUND("background");

    private final String key;

    RequestRole(String key) {
        this.key = key;
    }

    /** The name under {@code route_roles} and in the {@code x-aimux-route} header. */
    public String key() {
        return key;
    }
}
