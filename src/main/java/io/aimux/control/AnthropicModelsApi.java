package io.aimux.control;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET {base_url}/v1/models} of an Anthropic-type upstream (the base URL is without {@code /v1}). */
public interface AnthropicModelsApi {

    /** The version the gateway speaks when it talks to an upstream on its own behalf. */
    String VERSION = "2023-06-01";

    /** The API pages its list; 1000 is its largest page, more than any upstream serves today. */
    int PAGE_SIZE = 1000;

    /** {@code apiKey} is null for keyless servers. */
    @GET
    @Path("/v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    ModelList list(@HeaderParam("x-api-key") String apiKey, @HeaderParam("anthropic-version") String version,
            @QueryParam("limit") int limit);
}
