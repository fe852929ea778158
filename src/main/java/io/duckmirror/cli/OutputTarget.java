package io.duckmirror.cli;

import io.duckmirror.config.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Where a command's data goes: stdout, or the file {@code --output} names (Airflow's or Argo's file). */
final class OutputTarget {
    private OutputTarget() {
    }

    /**
     * Writes the text whole, or not at all: to a temporary file beside the target, then moved over it,
     * so that a reader never sees half of it.
     */
    static void write(PrintWriter stdout, Path file, String text) {
        if (file == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // Created as any file is, under the umask (createTempFile's would be 0600): an orchestrator's
            // sidecar reading it may run as another user.
            Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
            try {
                Files.writeString(partial, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ConfigurationException("--output", "cannot write " + target + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
