package io.aimux.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimux.chat.WireProtocol;
import io.aimux.error.ErrorKind;
import io.aimux.error.GatewayException;
import io.vertx.core.http.HttpServerResponse;

/** Error bodies in each client protocol's shape; the status comes from {@link ErrorKind}. */
public final class ErrorBodies {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ErrorBodies() {
    }

    public static ObjectNode body(WireProtocol protocol, ErrorKind kind, String message, String code) {
        ObjectNode root = JSON.objectNode();
        if (protocol == WireProtocol.ANTHROPIC) {
            root.put("type", "error");
            root.putObject("error").put("type", kind.anthropicType()).put("message", message);
        } else {
            ObjectNode error = root.putObject("error");
            error.put("message", message);
            error.put("type", kind.openAiType());
            if (code == null) {
                error.putNull("code");
            } else {
                error.put("code", code);
            }
        }
        return root;
    }

    /**
     * The error body for an answer on {@code response}, carrying the request id that
     * {@link RequestIds} put on it, so a user's report names the request.
     */
    public static ObjectNode body(HttpServerResponse response, WireProtocol protocol, ErrorKind kind, String message, String code) {
        ObjectNode body = body(protocol, kind, message, code);
        String id = response.headers().get(RequestIds.HEADER);
        if (id != null) {
            body.put("request_id", id);
        }
        return body;
    }

    /** Ends the response with the error; does nothing if headers were already sent. */
    public static void write(HttpServerResponse response, WireProtocol protocol, GatewayException error) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(error.kind().status());
        response.putHeader("content-type", "application/json");
        if (error.retryAfterSeconds() != null) {
            response.putHeader("retry-after", Integer.toString(error.retryAfterSeconds()));
        }
        ObjectNode body = body(response, protocol, error.kind(), error.getMessage(), error.code());
        if (protocol == WireProtocol.OPENAI && error.param() != null) {
            ((ObjectNode) body.get("error")).put("param", error.param());
        }
        response.end(body.toString());
    }
}
