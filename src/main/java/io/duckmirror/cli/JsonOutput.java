package io.duckmirror.cli;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one JSON serializer of command output, through Jakarta JSON-P: a record becomes an object whose
 * fields are its components in snake_case, a collection an array, an empty optional null. Output is
 * one line, so that an orchestrator taking a command's last line of stdout (Airflow's BashOperator)
 * gets all of it. Records printed here are registered for reflection for the native image.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    static String of(Object value) {
        return toJson(value).toString();
    }

    private static JsonValue toJson(Object value) {
        return switch (value) {
            case null -> JsonValue.NULL;
            case String s -> Json.createValue(s);
            case Integer i -> Json.createValue(i);
            case Long l -> Json.createValue(l);
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            case Optional<?> o -> toJson(o.orElse(null));
            case OptionalLong o -> o.isPresent() ? Json.createValue(o.getAsLong()) : JsonValue.NULL;
            case Collection<?> items -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                items.forEach(item -> array.add(toJson(item)));
                yield array.build();
            }
            case Record record -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    object.add(snakeCase(component.getName()), toJson(read(component, record)));
                }
                yield object.build();
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        };
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /** tablesPerCommit: tables_per_commit. By hand, not by a regex: this runs for every field printed. */
    private static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char before = i > 0 ? name.charAt(i - 1) : 'A';
                if (before >= 'a' && before <= 'z' || before >= '0' && before <= '9') {
                    snake.append('_');
                }
                c = (char) (c - 'A' + 'a');
            }
            snake.append(c);
        }
        return snake.toString();
    }
}
