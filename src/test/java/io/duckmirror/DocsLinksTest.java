package io.duckmirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and the reference pages link to each other: a moved or renamed page breaks no link. */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("examples/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String file = m.group(1);
                if (file.contains("://")) {
                    continue;
                }
                Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                checked++;
                if (!Files.exists(target)) {
                    broken.add(page + ": " + m.group());
                } else if (m.group(2) != null && target.toString().endsWith(".md")
                        && !anchors(target).contains(m.group(2).substring(1))) {
                    broken.add(page + ": " + m.group() + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(30);
    }

    /** GitHub's anchors: a heading lower-cased, punctuation but - and _ dropped, spaces as -. */
    private static List<String> anchors(Path page) throws IOException {
        return Files.readAllLines(page).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'))
                .toList();
    }
}
