package io.aimux.control;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET {base_url}/models} of an OpenAI-type upstream (the base URL includes {@code /v1}).
 * Built per provider by {@link ModelsEndpoint}; the path sits on the method so the server side
 * never mistakes this interface for a resource.
 */
public interface OpenAiModelsApi {

    /** {@code bearer} is {@code "Bearer KEY"} or null for keyless servers; {@code groupId} is MiniMax's, else null. */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    ModelList list(@HeaderParam("Authorization") String bearer, @QueryParam("GroupId") String groupId);
}
