package io.duckmirror.config;

import io.duckmirror.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the comma-separated name lists of the selection settings. A name is written bare, as the
 * reference flight takes it ({@code public.orders}), or in double quotes when it contains a comma, a
 * dot or a quote ({@code "my.schema"."a ""quoted"" name"}), doubling any quote inside. Blank entries
 * are ignored, as in the reference.
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
        for (List<String> entry : new NameList(setting, text).entries()) {
            if (entry.size() != 1) {
                throw new ConfigurationException(setting, "'" + String.join(".", entry)
                        + "' is not a schema name (quote a name that contains a dot)");
            }
            names.add(entry.getFirst());
        }
        return names;
    }

    public static Set<TableRef> tables(String setting, String text) {
        Set<TableRef> tables = new LinkedHashSet<>();
        for (List<String> entry : new NameList(setting, text).entries()) {
            if (entry.size() != 2) {
                throw new ConfigurationException(setting, "'" + String.join(".", entry)
                        + "' is not schema.table (quote a name that contains a dot)");
            }
            tables.add(new TableRef(entry.get(0), entry.get(1)));
        }
        return tables;
    }

    /** Each entry as its dot-separated parts. */
    private List<List<String>> entries() {
        List<List<String>> entries = new ArrayList<>();
        while (pos <= text.length()) {
            List<String> parts = new ArrayList<>();
            parts.add(part());
            while (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                parts.add(part());
            }
            if (pos < text.length() && text.charAt(pos) != ',') {
                throw new ConfigurationException(setting, "unexpected '" + text.charAt(pos)
                        + "' at position " + (pos + 1) + " (quote names that contain quotes)");
            }
            pos++;
            if (!(parts.size() == 1 && parts.getFirst().isEmpty())) {
                if (parts.contains("")) {
                    throw new ConfigurationException(setting, "'" + String.join(".", parts)
                            + "' has an empty name");
                }
                entries.add(parts);
            }
        }
        return entries;
    }

    private String part() {
        skipBlanks();
        if (pos < text.length() && text.charAt(pos) == '"') {
            return quoted();
        }
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
