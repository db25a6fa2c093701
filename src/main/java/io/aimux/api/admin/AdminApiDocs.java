package io.aimux.api.admin;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The admin API's OpenAPI document: every operation needs an admin key as a bearer token
 * (or comes from loopback on a gateway without keys, docs/security.md). The annotations are read
 * from the JAX-RS application class; it adds nothing else (every resource stays registered).
 */
@OpenAPIDefinition(info = @Info(title = "AIMUX admin API", version = "1"),
        security = @SecurityRequirement(name = AdminApiDocs.ADMIN_KEY))
@SecurityScheme(securitySchemeName = AdminApiDocs.ADMIN_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An admin key of auth.keys or /api/keys")
public class AdminApiDocs extends jakarta.ws.rs.core.Application {

    static final String ADMIN_KEY = "adminKey";
}
