package io.duckmirror.config;

import io.duckmirror.DuckmirrorException;
import io.duckmirror.ExitCode;

/** A setting or command-line value is wrong: the user must fix it. Exit code 2. */
public final class ConfigurationException extends DuckmirrorException {
    public ConfigurationException(String setting, String problem) {
        this(setting + ": " + problem);
    }

    /** A message that names the setting its own way. */
    public ConfigurationException(String message) {
        super(message, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.USAGE;
    }
}
