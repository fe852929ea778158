package io.duckmirror.cli;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import io.duckmirror.config.NameList;
import jakarta.json.Json;
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
import java.util.Set;

/**
 * The file {@code plan --tasks} prints and {@code audit --expect} reads back: a JSON array of strings,
 * each a task's tables in the gate syntax ({@code execute --tables} takes one as it is).
 */
final class TaskList {
    private TaskList() {
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
        Set<TableRef> tables = new LinkedHashSet<>();
        try (var reader = Json.createReader(new StringReader(text))) {
            for (JsonValue task : reader.readArray()) {
                if (!(task instanceof JsonString element)) {
                    throw new ConfigurationException(option, file + " holds " + task.getValueType().name().toLowerCase(
                            java.util.Locale.ROOT) + " where a task (a string) belongs; give the output of plan --tasks");
                }
                tables.addAll(NameList.tables(option + " " + file, element.getString()));
            }
        } catch (JsonException | IllegalStateException e) {
            throw new ConfigurationException(option, file + " is not a JSON array of tasks (the output of plan --tasks): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return tables;
    }
}
