package io.duckmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    record Table(String schemaName, int rows2Copy, boolean viewsToo, Optional<String> parent, OptionalLong pages,
            List<String> xIDs) {
    }

    @Test
    void recordsBecomeObjectsWithSnakeCaseFieldsOnOneLine() {
        Table table = new Table("public", 3, true, Optional.empty(), OptionalLong.of(7), List.of("a\"b", "c\nd"));

        assertThat(JsonOutput.of(List.of(table))).isEqualTo("[{\"schema_name\":\"public\",\"rows2_copy\":3,"
                + "\"views_too\":true,\"parent\":null,\"pages\":7,\"x_ids\":[\"a\\\"b\",\"c\\nd\"]}]");
    }
}
