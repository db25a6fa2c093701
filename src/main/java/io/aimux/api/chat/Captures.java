package io.aimux.api.chat;

import io.vertx.core.buffer.Buffer;

/** Bodies kept for the request log: decoded only as far as the kept characters need. */
final class Captures {

    private Captures() {
    }

    /** The first {@code chars} characters of UTF-8 {@code bytes} (a UTF-8 character takes at most 4 bytes). */
    static String text(Buffer bytes, int chars) {
        if (bytes == null || chars <= 0) {
            return "";
        }
        long wanted = Math.min(bytes.length(), chars * 4L);
        String text = bytes.getString(0, (int) wanted, "UTF-8");
        return text.length() > chars ? text.substring(0, chars) : text;
    }
}
