package io.duckmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmirror.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartFailureTest {
    @Test
    void anInternalErrorNamesItsCauseOnOneLineWithoutTheConfiguredSecrets() {
        var failure = new IllegalStateException("wrapped",
                new IllegalArgumentException("cannot use 'hunter2'\nfor tok-123 here"));

        StartFailure.Line line = StartFailure.describe(failure, List.of("hunter2", "tok-123"));

        assertThat(line.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(line.text()).isEqualTo("could not start: java.lang.IllegalArgumentException: cannot use"
                + " '<redacted>' for <redacted> here (an internal error; please report it)");
    }
}
