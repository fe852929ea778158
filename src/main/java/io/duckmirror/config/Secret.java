package io.duckmirror.config;

import java.util.Collection;

/** A credential. Its {@code toString} never shows the value, so it cannot leak through a log or a record. */
public record Secret(String value) {
    private static final String REDACTED = "<redacted>";

    @Override
    public String toString() {
        return REDACTED;
    }

    /** The text with each of {@code values} replaced wherever it appears; empty ones are no secret. */
    public static String redact(String text, Collection<String> values) {
        String redacted = text;
        for (String value : values) {
            if (!value.isEmpty()) {
                redacted = redacted.replace(value, REDACTED);
            }
        }
        return redacted;
    }
}
