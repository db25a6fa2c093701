package io.aimux.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Gives the application's shared mapper (admin API bodies, upstream answers) the same parsing
 * bounds as client chat bodies ({@link RequestBodies#CONSTRAINTS}).
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(RequestBodies.CONSTRAINTS);
    }
}
