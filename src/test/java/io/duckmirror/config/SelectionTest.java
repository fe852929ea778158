package io.duckmirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmirror.TableRef;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference flight's gate precedence: schema gate AND table gate, exclude always wins. */
class SelectionTest {
    private static final List<TableRef> SOURCE = List.of(
            new TableRef("public", "a"), new TableRef("public", "b"),
            new TableRef("sales", "a"), new TableRef("sales", "b"),
            new TableRef("pg_toast", "t"), new TableRef("information_schema", "t"), new TableRef("pg_temp_3", "t"));

    @ParameterizedTest(name = "incl schemas [{0}] excl schemas [{1}] incl tables [{2}] excl tables [{3}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -             | -      | -                  | -                   | public.a public.b sales.a sales.b
            public        | -      | -                  | -                   | public.a public.b
            -             | public | -                  | -                   | sales.a sales.b
            public        | public | -                  | -                   | -
            -             | -      | sales.b            | -                   | sales.b
            -             | -      | -                  | sales.b             | public.a public.b sales.a
            -             | -      | sales.b            | sales.b             | -
            -             | sales  | sales.b            | -                   | -
            public        | -      | sales.b            | -                   | -
            public,sales  | -      | public.a,sales.a   | public.a            | sales.a
            pg_toast      | -      | -                  | -                   | -
            -             | -      | information_schema.t | -                 | -
            """)
    void appliesTheGates(String inclSchemas, String exclSchemas, String inclTables, String exclTables, String expected) {
        Selection selection = new Selection(
                NameList.schemas("INCLUDED_SCHEMAS", orEmpty(inclSchemas)),
                NameList.schemas("EXCLUDED_SCHEMAS", orEmpty(exclSchemas)),
                NameList.tables("INCLUDED_TABLES", orEmpty(inclTables)),
                NameList.tables("EXCLUDED_TABLES", orEmpty(exclTables)));

        assertThat(SOURCE.stream().filter(selection::admits).map(TableRef::toString))
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(" ")));
    }

    static Stream<Arguments> tableLists() {
        return Stream.of(
                Arguments.of("public.orders", List.of(new TableRef("public", "orders"))),
                Arguments.of(" public.orders , sales.x ,, ",
                        List.of(new TableRef("public", "orders"), new TableRef("sales", "x"))),
                Arguments.of("\"my.schema\".\"a \"\"b\"\", c\"", List.of(new TableRef("my.schema", "a \"b\", c"))),
                Arguments.of("\"Mixed Case\".Orders", List.of(new TableRef("Mixed Case", "Orders"))),
                Arguments.of("\"public\".\"2024.q1\"", List.of(new TableRef("public", "2024.q1"))),
                // Not starting with a quote: literal, as the reference takes it.
                Arguments.of("public.\"2024\"", List.of(new TableRef("public", "\"2024\""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableLists")
    void parsesTableLists(String text, List<TableRef> expected) {
        assertThat(NameList.tables("INCLUDED_TABLES", text)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            orders               | 'orders' is not schema.table
            .x                   | '.x' is not schema.table
            "a.b                 | unterminated quote at position 1
            "a"."b"c             | unexpected 'c' at position 8
            "a".""               | 'a.' has an empty name
            """)
    void rejectsMalformedTableLists(String text, String message) {
        assertThatThrownBy(() -> NameList.tables("EXCLUDED_TABLES", text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("EXCLUDED_TABLES: " + message);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
