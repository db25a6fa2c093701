package io.aimux.route;

/** One place a request can go: a provider and the model name it knows. */
public record Target(String provider, String model) {

    /** Splits {@code PROVIDER/MODEL} at the first slash; null when the text has no provider part. */
    public static Target parse(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            return null;
        }
        return new Target(id.substring(0, slash), id.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
