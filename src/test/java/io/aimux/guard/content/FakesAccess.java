package io.aimux.guard.content;

/** {@link Fakes} for tests outside this package. */
public final class FakesAccess {

    private FakesAccess() {
    }

    public static String openAiKey() {
        return Fakes.openAiKey();
    }
}
