package io.aimux.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;

import java.io.IOException;

/** Parses client JSON bodies strictly and within bounds. */
public final class RequestBodies {

    /** Duplicate keys are refused: two parsers could otherwise disagree on which value counts. */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(128)
                            .maxNumberLength(100)
                            .maxStringLength(32 * 1024 * 1024)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private RequestBodies() {
    }

    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (IOException e) {
            throw GatewayException.invalid("request body is not valid JSON: " + describe(e));
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.invalid("request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Jackson's first message line without source excerpts. */
    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        int cut = message.indexOf('\n');
        if (cut >= 0) {
            message = message.substring(0, cut);
        }
        int source = message.indexOf(" (for ");
        if (source >= 0) {
            message = message.substring(0, source);
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }
}
