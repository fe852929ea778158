package io.duckmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmirror.TableRef;
import io.duckmirror.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file plan --tasks writes and audit --expect reads back. */
class TaskListTest {
    @TempDir
    Path dir;

    @Test
    void whatPlanWritesTheGateReadsBack() throws Exception {
        List<List<TableRef>> tasks = List.of(
                List.of(new TableRef("public", "a"), new TableRef("my.schema", "b, \"c\"")),
                List.of(new TableRef("s p", "x.y")));
        Path file = Files.writeString(dir.resolve("tasks.json"), TaskList.json(tasks) + "\n");

        assertThat(Files.readString(file).lines()).hasSize(1);
        assertThat(TaskList.readTables("--expect", file)).containsExactly(new TableRef("public", "a"),
                new TableRef("my.schema", "b, \"c\""), new TableRef("s p", "x.y"));
        assertThat(TaskList.json(List.of())).isEqualTo("[]");
    }

    @Test
    void anythingElseIsOneLineNamingTheOptionAndTheFile() throws Exception {
        assertThatThrownBy(() -> TaskList.readTables("--expect", Files.writeString(dir.resolve("o.json"), "{\"a\": 1}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--expect: " + dir.resolve("o.json")
                        + " holds a JSON object, not the array of tasks plan --tasks writes");
        assertThatThrownBy(() -> TaskList.readTables("--expect", Files.writeString(dir.resolve("n.json"), "[1]")))
                .hasMessageContaining("holds a JSON number where a task (a string) belongs");
        assertThatThrownBy(() -> TaskList.readTables("--expect", Files.writeString(dir.resolve("t.json"), "nope")))
                .hasMessageStartingWith("--expect: " + dir.resolve("t.json") + " is not JSON");
        assertThatThrownBy(() -> TaskList.readTables("--expect", dir.resolve("none.json")))
                .hasMessage("--expect: no file at " + dir.resolve("none.json"));
    }
}
