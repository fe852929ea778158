package io.duckmirror.config;

import java.util.List;
import java.util.Optional;

/**
 * Everything one invocation needs to know, validated. Built by {@link SettingsLoader}.
 *
 * @param progressInterval how often a running copy logs its progress; zero: never
 */
public record Settings(
        String targetDatabase,
        Target target,
        Source source,
        Selection selection,
        RetryPolicy retry,
        NumericPolicy numericPolicy,
        Optional<String> extensionRepository,
        java.time.Duration progressInterval) {

    /** The values that must never be shown: redact them from any text that leaves the process. */
    public List<String> secrets() {
        var secrets = new java.util.ArrayList<String>();
        source.password().map(Secret::value).ifPresent(secrets::add);
        if (target instanceof Target.MotherDuck md) {
            secrets.add(md.token().value());
        }
        return List.copyOf(secrets);
    }

    /** The text with every secret replaced, for anything that leaves the process. */
    public String redact(String text) {
        String redacted = text;
        for (String secret : secrets()) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, "<redacted>");
            }
        }
        return redacted;
    }
}
