package io.aimux.route;

import java.util.List;

/**
 * Where one request goes: the targets in the order to try them, the route or alias that gave
 * them ({@code null} for a plain PROVIDER/MODEL), and the role that chose that route
 * ({@code null} when the client's model decided).
 */
public record RouteDecision(List<Target> targets, String route, RequestRole role) {

    /** Response header naming where the answer came from. */
    public static final String HEADER = "x-aimux-route";

    /** {@code provider/model; route=NAME; role=ROLE; attempts=N}, leaving out what does not apply. */
    public String header(Target chosen, int attempts) {
        StringBuilder value = new StringBuilder(chosen.toString());
        if (route != null) {
            value.append("; route=").append(route);
        }
        if (role != null) {
            value.append("; role=").append(role.key());
        }
        return value.append("; attempts=").append(attempts).toString();
    }
}
