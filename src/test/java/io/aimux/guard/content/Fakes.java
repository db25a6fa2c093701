package io.aimux.guard.content;

/**
 * Secret-shaped test values, assembled at run time so no scanner mistakes the sources for real
 * keys. Every value is visibly fake.
 */
final class Fakes {

    private Fakes() {
    }

    /** {@code n} characters of a fixed, mixed alphanumeric run that spells FAKE. */
    static String run(int n) {
        String cycle = "FAKE0fake1FAKE2fake3FAKE4fake5FAKE6fake7FAKE8fake9";
        StringBuilder out = new StringBuilder(n);
        while (out.length() < n) {
            out.append(cycle, 0, Math.min(cycle.length(), n - out.length()));
        }
        return out.toString();
    }

    /** Upper-case letters and digits only. */
    static String upper(int n) {
        return run(n).toUpperCase();
    }

    static String anthropicKey() {
        return "sk-" + "ant-" + "api03-" + run(48);
    }

    static String openAiKey() {
        return "sk-" + "proj-" + run(48);
    }

    static String awsKeyId() {
        return "AK" + "IA" + upper(16);
    }

    static String githubToken() {
        return "gh" + "p_" + run(36);
    }

    static String stripeKey() {
        return "sk" + "_live_" + run(24);
    }

    static String privateKey() {
        StringBuilder key = new StringBuilder("-----BEGIN " + "RSA PRIVATE" + " KEY-----\n");
        for (int i = 0; i < 6; i++) {
            key.append(run(64)).append('\n');
        }
        return key.append("-----END " + "RSA PRIVATE" + " KEY-----").toString();
    }

    static String jwt() {
        return "ey" + "JhbGciOiJub25lIn0" + ".ey" + "JzdWIiOiJGQUtFIn0" + "." + run(24);
    }
}
