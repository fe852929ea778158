package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;

/** Command output parsed as JSON, so tests assert on values, not on spacing. */
final class Json {
    private Json() {
    }

    static JsonStructure parse(String stdout) {
        assertThat(stdout.strip().lines()).as("JSON output is one line: " + stdout).hasSize(1);
        try (var reader = jakarta.json.Json.createReader(new StringReader(stdout))) {
            return reader.read();
        }
    }

    static JsonObject object(String stdout) {
        return (JsonObject) parse(stdout);
    }

    static JsonArray array(String stdout) {
        return (JsonArray) parse(stdout);
    }

    /** A JSON string, to compare with a field of a parsed object. */
    static jakarta.json.JsonString value(String text) {
        return jakarta.json.Json.createValue(text);
    }
}
