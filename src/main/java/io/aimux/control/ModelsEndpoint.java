package io.aimux.control;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The models endpoint of one configured HTTP provider, through the Quarkus REST Client. Built
 * programmatically because providers come from configuration, not from annotations.
 */
public final class ModelsEndpoint implements ModelListSource, AutoCloseable {

    private final ModelListSource call;
    private final Object client;

    private ModelsEndpoint(ModelListSource call, Object client) {
        this.call = call;
        this.client = client;
    }

    /**
     * @param anthropic whether the upstream is Anthropic-type (else OpenAI-type)
     * @param apiKey    null for keyless servers
     * @param groupId   MiniMax's account group, else null
     * @param headers   the provider's extra headers, sent as on chat requests
     */
    public static ModelsEndpoint of(boolean anthropic, String baseUrl, String apiKey, String groupId,
            Map<String, String> headers, int connectTimeoutSeconds, int readTimeoutSeconds) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(base))
                .connectTimeout(connectTimeoutSeconds, TimeUnit.SECONDS)
                .readTimeout(readTimeoutSeconds, TimeUnit.SECONDS);
        if (!headers.isEmpty()) {
            builder.register(new ExtraHeaders(Map.copyOf(headers)));
        }
        String key = apiKey == null || apiKey.isBlank() ? null : apiKey;
        if (anthropic) {
            AnthropicModelsApi api = builder.build(AnthropicModelsApi.class);
            return new ModelsEndpoint(() -> api.list(key, AnthropicModelsApi.VERSION, AnthropicModelsApi.PAGE_SIZE).ids(), api);
        }
        String group = groupId == null || groupId.isBlank() ? null : groupId;
        OpenAiModelsApi api = builder.build(OpenAiModelsApi.class);
        return new ModelsEndpoint(() -> api.list(key == null ? null : "Bearer " + key, group).ids(), api);
    }

    @Override
    public List<String> fetch() throws Exception {
        return call.fetch();
    }

    @Override
    public void close() throws Exception {
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The provider's configured extra headers. */
    private record ExtraHeaders(Map<String, String> headers) implements ClientRequestFilter {
        @Override
        public void filter(ClientRequestContext request) {
            headers.forEach((name, value) -> request.getHeaders().putSingle(name, value));
        }
    }
}
