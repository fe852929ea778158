package io.duckmirror.config;

/** A credential. Its {@code toString} never shows the value, so it cannot leak through a log or a record. */
public record Secret(String value) {
    @Override
    public String toString() {
        return "<redacted>";
    }
}
