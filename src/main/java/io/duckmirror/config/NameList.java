package io.duckmirror.config;

import io.duckmirror.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The comma-separated name lists of the selection settings, {@code --table} and {@code --tables}.
 *
 * <p>
 * An entry that does not start with a double quote is taken literally, as the reference flight
 * takes it: {@code public.orders}, {@code we"ird sch;ema}. A table entry names the tables whose
 * {@code schema.table} is that text; with more than one dot that may be more than one split.
 *
 * <p>
 * An entry that starts with a double quote uses quoting, for names holding a comma, a dot or
 * blanks at either end: {@code "my.schema"."a ""quoted"" name"}, quotes inside doubled; a part
 * after the first may also be bare. Blank entries are ignored, as in the reference.
 */
public final class NameList {
    private final String setting;
    private final String text;
    private int pos;

    private NameList(String setting, String text) {
        this.setting = setting;
        this.text = text;
    }

    public static Set<String> schemas(String setting, String text) {
        Set<String> names = new LinkedHashSet<>();
        for (Entry entry : new NameList(setting, text).entries()) {
            switch (entry) {
                case Literal literal -> names.add(literal.text());
                case Quoted quoted when quoted.parts().size() == 1 -> names.add(quoted.parts().getFirst());
                case Quoted quoted -> throw new ConfigurationException(setting, "'" + String.join(".", quoted.parts())
                        + "' is not a schema name (to name a schema with a dot, quote it whole: \"a.b\")");
            }
        }
        return names;
    }

    public static Set<TableRef> tables(String setting, String text) {
        Set<TableRef> tables = new LinkedHashSet<>();
        for (Entry entry : new NameList(setting, text).entries()) {
            List<TableRef> named = switch (entry) {
                case Literal literal -> splits(literal.text());
                case Quoted quoted when quoted.parts().size() == 2 ->
                    List.of(new TableRef(quoted.parts().get(0), quoted.parts().get(1)));
                case Quoted quoted -> List.of();
            };
            if (named.isEmpty()) {
                throw new ConfigurationException(setting, "'" + entry + "' is not schema.table"
                        + " (quote a name that contains a dot: \"my.schema\".\"my.table\")");
            }
            tables.addAll(named);
        }
        return tables;
    }

    /** The table as a list entry: bare where the literal reading gives exactly it, quoted otherwise. */
    public static String format(TableRef table) {
        boolean bare = !table.schema().startsWith("\"") && !table.schema().contains(".") && !table.table().contains(".")
                && plain(table.schema()) && plain(table.table());
        return bare ? table.schema() + "." + table.table() : quote(table.schema()) + "." + quote(table.table());
    }

    /** Tables as one list, the form {@code execute --tables} takes. */
    public static String format(Collection<TableRef> tables) {
        return tables.stream().map(NameList::format).collect(Collectors.joining(","));
    }

    private static boolean plain(String name) {
        return !name.isEmpty() && name.strip().equals(name) && name.indexOf(',') < 0;
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Every schema.table reading of a literal entry: one per dot with a name on each side. */
    private static List<TableRef> splits(String text) {
        List<TableRef> splits = new ArrayList<>();
        for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
            if (dot > 0 && dot < text.length() - 1) {
                splits.add(new TableRef(text.substring(0, dot), text.substring(dot + 1)));
            }
        }
        return splits;
    }

    private sealed interface Entry {
    }

    private record Literal(String text) implements Entry {
        @Override
        public String toString() {
            return text;
        }
    }

    private record Quoted(List<String> parts) implements Entry {
        @Override
        public String toString() {
            return String.join(".", parts);
        }
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        while (pos <= text.length()) {
            skipBlanks();
            Entry entry = pos < text.length() && text.charAt(pos) == '"' ? quotedEntry() : literalEntry();
            pos++; // the comma, or past the end
            if (!(entry instanceof Literal literal && literal.text().isEmpty())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private Literal literalEntry() {
        int end = text.indexOf(',', pos);
        end = end < 0 ? text.length() : end;
        String literal = text.substring(pos, end).strip();
        pos = end;
        return new Literal(literal);
    }

    private Quoted quotedEntry() {
        List<String> parts = new ArrayList<>();
        parts.add(quoted());
        while (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            skipBlanks();
            parts.add(pos < text.length() && text.charAt(pos) == '"' ? quoted() : bare());
        }
        if (pos < text.length() && text.charAt(pos) != ',') {
            throw new ConfigurationException(setting, "unexpected '" + text.charAt(pos) + "' at position " + (pos + 1)
                    + " (after a quoted name, a dot or a comma)");
        }
        if (parts.contains("")) {
            throw new ConfigurationException(setting, "'" + String.join(".", parts) + "' has an empty name");
        }
        return new Quoted(parts);
    }

    private String bare() {
        int start = pos;
        while (pos < text.length() && ",.\"".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private String quoted() {
        StringBuilder name = new StringBuilder();
        int start = pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new ConfigurationException(setting, "unterminated quote at position " + (start + 1));
            }
            char c = text.charAt(pos++);
            if (c != '"') {
                name.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '"') {
                name.append('"');
                pos++;
            } else {
                skipBlanks();
                return name.toString();
            }
        }
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
