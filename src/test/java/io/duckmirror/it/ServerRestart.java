package io.duckmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the test server with {@code pg_ctl restart}, where the tests were given its data directory
 * and binaries (DUCKMIRROR_TEST_PG_DATA and DUCKMIRROR_TEST_PG_BIN, as scripts/pg-sandbox exports).
 */
final class ServerRestart {
    static final String WHY_NOT = "needs a server this test may restart: DUCKMIRROR_TEST_PG_DATA and DUCKMIRROR_TEST_PG_BIN";

    private ServerRestart() {
    }

    static boolean available() {
        return System.getenv("DUCKMIRROR_TEST_PG_DATA") != null && System.getenv("DUCKMIRROR_TEST_PG_BIN") != null;
    }

    /**
     * {@code pg_ctl restart -m MODE -w} on the data directory, as the directory's owner (PostgreSQL
     * refuses to run as root); {@code immediate} is a crash to the server. Its log goes where
     * scripts/pg-sandbox puts it.
     */
    static void restart(String mode) throws IOException, InterruptedException {
        Path data = Path.of(System.getenv("DUCKMIRROR_TEST_PG_DATA"));
        Path bin = Path.of(System.getenv("DUCKMIRROR_TEST_PG_BIN"));
        List<String> command = new ArrayList<>();
        String owner = Files.getOwner(data).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", owner, "--"));
        }
        Path log = Files.exists(data.resolveSibling("server.log")) ? data.resolveSibling("server.log")
                : data.resolve("restart.log");
        command.addAll(List.of(bin.resolve("pg_ctl").toString(), "restart", "-D", data.toString(),
                "-m", mode, "-w", "-t", "120", "-l", log.toString()));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pgCtl.waitFor(3, TimeUnit.MINUTES)).as("pg_ctl restart ended").isTrue();
        assertThat(pgCtl.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
