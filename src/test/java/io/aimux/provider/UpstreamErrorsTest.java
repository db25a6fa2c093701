package io.aimux.provider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What of an upstream's error message a client may see. */
class UpstreamErrorsTest {

    private static ObjectNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("message", message);
    }

    /** Text that puts {@code key} across character 300, with {@code inside} of its characters before the cut. */
    private static String straddling(String key, int inside) {
        return "y".repeat(300 - inside - 1) + " " + key + " and more";
    }

    @Test
    void aKeyCrossingTheCutIsNotShownInPart() {
        String openAi = "sk-" + "proj-" + "FAKEfakeFAKEfakeFAKEfake";
        String message = UpstreamErrors.safeMessage(error(straddling(openAi, 14)));
        assertThat(message).doesNotContain("FAKEf").endsWith("…").hasSizeLessThanOrEqualTo(301);

        String lettersOnly = "AI" + "zaSy" + "FAKEfakeFAKEfakeFAKEfake"; // not key-shaped for the heuristic
        assertThat(UpstreamErrors.safeMessage(error(straddling(lettersOnly, 14)))).doesNotContain("FAKE").endsWith("…");
    }

    @Test
    void keysAreMaskedBeforeTheMessageIsShortened() {
        String key = "sk-" + "FAKE0123456789FAKE0123456789";
        String message = UpstreamErrors.safeMessage(error("bad key " + key + " " + "z".repeat(400)));
        assertThat(message).startsWith("bad key [REDACTED:openai-key]").doesNotContain("FAKE"); // the guard knows the shape
    }

    @Test
    void theProvidersOwnKeyIsMaskedWholeAndWhereAShortenedMessageEndsInIt() {
        String key = "gw.FAKE/fake+FAKE.fake"; // punctuation: the cut may fall inside it
        assertThat(UpstreamErrors.mask("wrong key " + key + ", again " + key, key)).isEqualTo("wrong key ***, again ***");
        assertThat(UpstreamErrors.mask("wrong key gw.FAKE/fa…", key)).isEqualTo("wrong key ***…");
        assertThat(UpstreamErrors.mask("ends with gw.F", key)).isEqualTo("ends with ***");
        assertThat(UpstreamErrors.mask("nothing here", key)).isEqualTo("nothing here");
        assertThat(UpstreamErrors.mask("short", null)).isEqualTo("short");
    }

    @Test
    void aMessageOfOneLongWordIsNotShownInPart() {
        assertThat(UpstreamErrors.safeMessage(error("q".repeat(1000)))).isEqualTo("upstream error");
        assertThat(UpstreamErrors.safeMessage(error("short and sweet"))).isEqualTo("short and sweet");
    }
}
