package io.aimux.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.error.GatewayException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Parses client JSON bodies strictly and within bounds. The bounds cap what a body of the allowed
 * size can cost once parsed: a 32 MiB body of {@code [[[[...} or {@code {},{},...} would otherwise
 * become a deep recursion or millions of tree nodes.
 */
public final class RequestBodies {

    /** Nesting of arrays and objects; agents' JSON Schemas nest about ten deep. */
    public static final int MAX_DEPTH = 128;
    /** Digits of one number. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Characters of one object key. */
    public static final int MAX_NAME_LENGTH = 4096;
    /** Characters of one string (a base64 image fits). */
    public static final int MAX_STRING_LENGTH = 32 * 1024 * 1024;
    /** JSON tokens in one body: a long agent conversation has a few hundred thousand. */
    public static final long MAX_TOKENS = 4_000_000;

    /** The bounds, for every mapper that reads client input. */
    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxTokenCount(MAX_TOKENS)
            .build();

    /** Duplicate keys are refused: two parsers could otherwise disagree on which value counts. */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(CONSTRAINTS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private RequestBodies() {
    }

    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw empty();
        }
        try {
            return object(STRICT.readTree(body));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Parses straight from the received buffer, without copying it into an array first. */
    public static ObjectNode parseObject(Buffer body) {
        if (body == null || body.length() == 0) {
            throw empty();
        }
        ByteBuf bytes = body.getByteBuf();
        try {
            if (bytes.hasArray()) {
                return object(STRICT.readTree(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes()));
            }
            try (ByteBufInputStream in = new ByteBufInputStream(bytes)) {
                return object(STRICT.readTree(in));
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static ObjectNode object(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw GatewayException.invalid("request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static GatewayException empty() {
        return GatewayException.invalid("request body is empty; expected a JSON object");
    }

    /**
     * Says what is wrong and where, in the gateway's own words: a parser's message quotes the
     * input and names its own classes.
     */
    static GatewayException unreadable(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return GatewayException.invalid("request body exceeds the JSON limits of the gateway (nesting depth "
                    + MAX_DEPTH + ", numbers of " + MAX_NUMBER_LENGTH + " digits, keys of " + MAX_NAME_LENGTH
                    + " characters, strings of " + MAX_STRING_LENGTH + " characters, " + MAX_TOKENS + " tokens)");
        }
        String where = "";
        if (e instanceof JsonProcessingException p && p.getLocation() != null) {
            JsonLocation at = p.getLocation();
            if (at.getLineNr() > 0 && at.getColumnNr() > 0) {
                where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            }
        }
        String what = e instanceof JsonProcessingException ? "not valid JSON" : "unreadable";
        if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
            what = "not valid JSON (a key appears twice in one object)";
        }
        return GatewayException.invalid("request body is " + what + where);
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }
}
