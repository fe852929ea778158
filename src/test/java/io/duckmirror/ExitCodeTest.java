package io.duckmirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void theExitCodesPageListsExactlyTheseCodes() throws IOException {
        String page = Files.readString(Path.of("docs/exit-codes.md"));
        String table = page.substring(page.indexOf("## Exit codes"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("| code |")));

        assertThat(table.lines().filter(l -> l.matches("\\| \\d+ \\|.*")))
                .containsExactlyElementsOf(Arrays.stream(ExitCode.values())
                        .map(c -> "| " + c.code() + " | " + c.meaning() + " |").toList());
    }

    @Test
    void codesAreDistinctAndInOrder() {
        assertThat(Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code)).containsExactly(0, 1, 2, 3, 4, 130, 143);
    }
}
