package io.aimux.api.responses;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimux.testing.LoopbackServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One loopback server behind the Responses tests, answering by the upstream model name:
 * an OpenAI-type host ({@code /v1/chat/completions}, provider {@code rco}), an Anthropic-type
 * host ({@code /v1/messages}, provider {@code rca}) and a host that speaks Responses itself
 * ({@code /v1/responses}, provider {@code rnative}, type {@code openai-responses}). Models:
 * {@code text}; {@code tool} (calls {@code get_weather}, then answers once a tool result came; the
 * Responses host only calls);
 * {@code custom} (calls {@code apply_patch} with {@code {"input": PATCH}}, then answers);
 * {@code think} (reasoning first: a signed thinking block on the Anthropic host,
 * {@code reasoning_content} with reasoning tokens on the OpenAI one; then a tool call, then text);
 * {@code limited} (429 with Retry-After); {@code overflow} (400, context length); {@code late}
 * (text, then an error event); {@code broken} (text, then the stream just ends).
 */
public class ResponsesUpstream implements QuarkusTestResourceLifecycleManager {

    /** One request as the upstream saw it. */
    public record Seen(String path, String body) {}

    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    /**
     * {@code late} and {@code broken} answers wait here after their first text, so the failure
     * comes after the client got its first bytes; the test opens it once it read them.
     */
    public static volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);
    static final String PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch";
    static final String SIGNATURE = "sig-" + "FAKE0123456789";
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = LoopbackServers.start(this::handle);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(
                Map.entry("aimux.providers.rco.type", "openai"),
                Map.entry("aimux.providers.rco.base-url", base + "/v1"),
                Map.entry("aimux.providers.rco.api-key", "rco-key-0000"),
                Map.entry("aimux.providers.rco.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.rco.resilience.max-retries", "0"),
                Map.entry("aimux.providers.rca.type", "anthropic"),
                Map.entry("aimux.providers.rca.base-url", base),
                Map.entry("aimux.providers.rca.api-key", "rca-key-0000"),
                Map.entry("aimux.providers.rca.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.rca.resilience.max-retries", "0"),
                Map.entry("aimux.providers.rnative.type", "openai-responses"),
                Map.entry("aimux.providers.rnative.base-url", base + "/v1"),
                Map.entry("aimux.providers.rnative.api-key", "rnative-key-0000"),
                Map.entry("aimux.providers.rnative.models-refresh-seconds", "0"),
                Map.entry("aimux.providers.rnative.resilience.max-retries", "0"),
                Map.entry("aimux.providers.rnative.models[0]", "text"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        SEEN.add(new Seen(path, body));
        boolean stream = body.contains("\"stream\":true");
        String model = "text";
        for (String name : List.of("tool", "custom", "think", "limited", "overflow", "late", "broken")) {
            if (body.contains("\"model\":\"" + name + "\"")) {
                model = name;
            }
        }
        if (model.equals("limited")) {
            exchange.getResponseHeaders().add("retry-after", "2");
            LoopbackServers.send(exchange, 429, "application/json",
                    "{\"error\":{\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}");
            return;
        }
        if (model.equals("overflow")) {
            LoopbackServers.send(exchange, 400, "application/json", "{\"error\":{\"type\":\"invalid_request_error\","
                    + "\"code\":\"context_length_exceeded\",\"message\":\"This model's maximum context length is 8192 tokens\"}}");
            return;
        }
        if (path.endsWith("/responses")) {
            responses(exchange, model, stream);
            return;
        }
        boolean openAi = path.endsWith("/chat/completions");
        boolean answered = body.contains("\"role\":\"tool\"") || body.contains("\"tool_result\"");
        if (!stream) {
            LoopbackServers.send(exchange, 200, "application/json", openAi ? OPENAI_BODY : ANTHROPIC_BODY);
            return;
        }
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String text = answered ? "tool said so" : "hi there";
            if (openAi) {
                if (model.equals("think") && !answered) {
                    write(out, chunk("{\"role\":\"assistant\",\"reasoning_content\":\"weighing it\"}", null));
                }
                if (model.equals("late") || model.equals("broken")) {
                    write(out, chunk("{\"role\":\"assistant\",\"content\":\"partial\"}", null));
                    out.flush();
                    awaitRelease();
                    if (model.equals("late")) {
                        write(out, "data: {\"error\":{\"type\":\"server_error\",\"message\":\"the model crashed\"}}\n\n");
                    }
                    return;
                }
                String call = answered ? null : switch (model) {
                    case "tool", "think" -> call("get_weather", "{\"city\":\"Paris\"}");
                    case "custom" -> call("apply_patch", "{\"input\":" + jsonString(PATCH) + "}");
                    default -> null;
                };
                if (call != null) {
                    write(out, chunk("{\"role\":\"assistant\",\"tool_calls\":[" + call + "]}", null));
                    write(out, chunk("{}", "tool_calls"));
                } else {
                    write(out, chunk("{\"role\":\"assistant\",\"content\":\"" + text + "\"}", null));
                    write(out, chunk("{}", "stop"));
                }
                write(out, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":2},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n");
                write(out, "data: [DONE]\n\n");
                return;
            }
            write(out, event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}"));
            int index = 0;
            if (model.equals("think") && !answered) {
                write(out, event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"));
                write(out, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"weighing it\"}}"));
                write(out, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}"));
                write(out, event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
                index = 1;
            }
            if (model.equals("late") || model.equals("broken")) {
                write(out, textBlock(index, "partial", false));
                out.flush();
                awaitRelease();
                if (model.equals("late")) {
                    write(out, event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"overloaded now\"}}"));
                }
                return;
            }
            String name = answered ? null : switch (model) {
                case "tool", "think" -> "get_weather";
                case "custom" -> "apply_patch";
                default -> null;
            };
            if (name != null) {
                String input = name.equals("get_weather") ? "{\"city\":\"Paris\"}" : "{\"input\":" + jsonString(PATCH) + "}";
                write(out, event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                        + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"" + name + "\",\"input\":{}}}"));
                write(out, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                        + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + jsonString(input) + "}}"));
                write(out, event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
            } else {
                write(out, textBlock(index, text, true));
            }
            write(out, event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                    + (name != null ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}"));
            write(out, event("message_stop", "{\"type\":\"message_stop\"}"));
        } catch (IOException gone) {
            // the gateway dropped the request
        }
    }

    /** The native Responses host: a full event sequence, a body, or a stream that ends without its terminal event. */
    private static void responses(HttpExchange exchange, String model, boolean stream) throws IOException {
        if (!stream) {
            LoopbackServers.send(exchange, 200, "application/json", NATIVE_RESPONSE.replace("STATUS", "completed"));
            return;
        }
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (model.equals("tool")) {
                write(out, event("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                        + NATIVE_RESPONSE.replace("STATUS", "in_progress").replace(NATIVE_USAGE, "null").replace(NATIVE_OUTPUT, "[]") + "}"));
                write(out, event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,"
                        + "\"output_index\":0,\"item\":{\"id\":\"fc_up1\",\"type\":\"function_call\",\"status\":\"in_progress\","
                        + "\"arguments\":\"\",\"call_id\":\"call_up1\",\"name\":\"get_weather\"}}"));
                write(out, event("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\","
                        + "\"sequence_number\":2,\"item_id\":\"fc_up1\",\"output_index\":0,\"delta\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
                String call = "{\"id\":\"fc_up1\",\"type\":\"function_call\",\"status\":\"completed\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"call_id\":\"call_up1\",\"name\":\"get_weather\"}";
                write(out, event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":3,"
                        + "\"output_index\":0,\"item\":" + call + "}"));
                write(out, event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":4,\"response\":"
                        + NATIVE_RESPONSE.replace("STATUS", "completed").replace(NATIVE_OUTPUT, "[" + call + "]") + "}"));
                return;
            }
            String progress = NATIVE_RESPONSE.replace("STATUS", "in_progress").replace(NATIVE_USAGE, "null")
                    .replace(NATIVE_OUTPUT, "[]");
            write(out, event("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":" + progress + "}"));
            write(out, event("response.in_progress", "{\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":" + progress + "}"));
            write(out, event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":2,"
                    + "\"output_index\":0,\"item\":{\"id\":\"msg_up1\",\"type\":\"message\",\"status\":\"in_progress\","
                    + "\"role\":\"assistant\",\"content\":[]}}"));
            write(out, event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,"
                    + "\"item_id\":\"msg_up1\",\"output_index\":0,\"content_index\":0,\"delta\":\"native hello\",\"logprobs\":[]}"));
            out.flush();
            if (model.equals("broken")) {
                awaitRelease();
                return;
            }
            write(out, event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":4,"
                    + "\"output_index\":0,\"item\":" + NATIVE_MESSAGE + "}"));
            write(out, event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":5,\"response\":"
                    + NATIVE_RESPONSE.replace("STATUS", "completed") + "}"));
        } catch (IOException gone) {
            // the gateway dropped the request
        }
    }

    static final String NATIVE_MESSAGE = "{\"id\":\"msg_up1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"native hello\",\"annotations\":[],\"logprobs\":[]}]}";
    static final String NATIVE_OUTPUT = "[" + NATIVE_MESSAGE + "]";
    static final String NATIVE_USAGE = "{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":1},\"output_tokens\":4,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":2},\"total_tokens\":13}";
    static final String NATIVE_RESPONSE = "{\"id\":\"resp_upstream1\",\"object\":\"response\",\"created_at\":1,\"status\":\"STATUS\","
            + "\"error\":null,\"incomplete_details\":null,\"model\":\"text\",\"output\":" + NATIVE_OUTPUT + ",\"usage\":" + NATIVE_USAGE + "}";

    private static void awaitRelease() {
        try {
            release.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String textBlock(int index, String text, boolean close) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}")
                + (close ? event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}") : "");
    }

    private static String call(String name, String arguments) {
        return "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                + jsonString(arguments) + "}}";
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    /** {@code text} as a JSON string literal. */
    static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    static final String OPENAI_BODY = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi there\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"completion_tokens_details\":{\"reasoning_tokens\":3}}}";
    static final String ANTHROPIC_BODY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"hi there\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
}
