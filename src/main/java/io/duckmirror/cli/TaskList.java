package io.duckmirror.cli;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file {@code plan --tasks} prints and {@code audit --expect} reads back: a JSON array of strings,
 * each a task's tables in the gate syntax ({@code execute --tables} takes one as it is).
 */
final class TaskList {
    private TaskList() {
    }

    private static String kind(JsonValue value) {
        return "a JSON " + value.getValueType().name().toLowerCase(Locale.ROOT);
    }

    static String json(List<List<TableRef>> tasks) {
        return JsonOutput.of(tasks.stream().map(NameList::format).toList());
    }

    /** Every table of every task in the file. */
    static Set<TableRef> readTables(String option, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(option, "no file at " + file);
        } catch (IOException e) {
            throw new ConfigurationException(option, "cannot read " + file + ": " + e.getMessage());
        }
        JsonValue read;
        try (var reader = Json.createReader(new StringReader(text))) {
            read = reader.readValue();
        } catch (JsonException e) {
            throw new ConfigurationException(option, file + " is not JSON (give the output of plan --tasks): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(read instanceof JsonArray tasks)) {
            throw new ConfigurationException(option, file + " holds " + kind(read)
                    + ", not the array of tasks plan --tasks writes");
        }
        Set<TableRef> tables = new LinkedHashSet<>();
        for (JsonValue task : tasks) {
            if (!(task instanceof JsonString element)) {
                throw new ConfigurationException(option, file + " holds " + kind(task)
                        + " where a task (a string) belongs; give the output of plan --tasks");
            }
            tables.addAll(NameList.tables(option + " " + file, element.getString()));
        }
        return tables;
    }
}
