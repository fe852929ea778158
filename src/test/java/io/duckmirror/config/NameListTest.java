package io.duckmirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmirror.TableRef;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameListTest {

    static Stream<TableRef> hostile() {
        return Stream.of(
                new TableRef("public", "orders"),
                new TableRef("public", "MixedCase Orders"),
                new TableRef("my.schema", "a \"quoted\" name"),
                new TableRef("public", "x.y"),
                new TableRef("we\"ird sch;ema", "t"),
                new TableRef("\"starts", "with a quote"),
                new TableRef("a,b", "c,d"),
                new TableRef(" padded ", "t"),
                new TableRef("s", "trailing "),
                new TableRef("ünï", "cödé"),
                new TableRef("s", "\"\""),
                new TableRef("select", "from"),
                new TableRef("s", "a'b;--"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void formatIsTheParsersInverse(TableRef table) {
        String entry = NameList.format(table);

        assertThat(NameList.tables("X", entry)).as(entry).containsExactly(table);
    }

    @Test
    void aListOfFormattedNamesParsesBackInOrder() {
        List<TableRef> tables = hostile().toList();

        assertThat(NameList.tables("X", NameList.format(tables))).containsExactlyElementsOf(tables);
    }

    @Test
    void plainNamesStayBare() {
        assertThat(NameList.format(new TableRef("public", "MixedCase Orders"))).isEqualTo("public.MixedCase Orders");
        assertThat(NameList.format(new TableRef("we\"ird", "t"))).isEqualTo("we\"ird.t");
        assertThat(NameList.format(new TableRef("public", "x.y"))).isEqualTo("\"public\".\"x.y\"");
    }

    @Test
    void anEntryNotStartingWithAQuoteIsLiteralAsInTheReference() {
        assertThat(NameList.schemas("S", "we\"ird sch;ema")).containsExactly("we\"ird sch;ema");
        assertThat(NameList.schemas("S", "a.b")).containsExactly("a.b");
        assertThat(NameList.tables("T", "public.we\"ird tab")).containsExactly(new TableRef("public", "we\"ird tab"));
        // Which dot splits schema from table, the text alone cannot say: each reading is selected.
        assertThat(NameList.tables("T", "a.b.c")).containsExactly(new TableRef("a", "b.c"), new TableRef("a.b", "c"));
    }

    @Test
    void anEntryStartingWithAQuoteUsesQuoting() {
        assertThat(NameList.schemas("S", " \"a,b\" , c")).containsExactly("a,b", "c");
        assertThat(NameList.tables("T", "\"my.schema\".bare, \"x\"\"y\".\"z\"")).containsExactly(
                new TableRef("my.schema", "bare"), new TableRef("x\"y", "z"));
        assertThat(NameList.tables("T", " , ,")).isEmpty();
    }

    @Test
    void mistakesNameTheSettingAndTheEntry() {
        assertThatThrownBy(() -> NameList.tables("INCLUDED_TABLES", "orders"))
                .hasMessageStartingWith("INCLUDED_TABLES: 'orders' is not schema.table");
        assertThatThrownBy(() -> NameList.tables("EXCLUDED_TABLES", "\"a.b"))
                .hasMessage("EXCLUDED_TABLES: unterminated quote at position 1");
        assertThatThrownBy(() -> NameList.schemas("INCLUDED_SCHEMAS", "\"a\".\"b\""))
                .hasMessageStartingWith("INCLUDED_SCHEMAS: 'a.b' is not a schema name");
        assertThatThrownBy(() -> NameList.tables("T", "\"a\" x.b"))
                .hasMessageStartingWith("T: unexpected 'x' at position 5");
        assertThatThrownBy(() -> NameList.tables("T", "\"a\".\"\""))
                .hasMessage("T: 'a.' has an empty name");
    }
}
