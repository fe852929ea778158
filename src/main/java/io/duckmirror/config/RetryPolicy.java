package io.duckmirror.config;

import java.math.BigDecimal;

/**
 * How often a table is tried and how long to wait in between: {@code baseSeconds × 2^(n−1)}, capped at
 * a minute, plus up to a second of jitter (the reference flight's tenacity policy).
 *
 * @param maxAttempts attempts in total, as the reference counts them (not retries)
 */
public record RetryPolicy(int maxAttempts, long baseMillis) {

    public static final String MAX_RETRIES = "MAX_RETRIES";
    public static final String RETRY_BASE_SECONDS = "RETRY_BASE_SECONDS";
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 2_000);

    public static int parseMaxAttempts(String raw) {
        try {
            int attempts = Integer.parseInt(raw.strip());
            if (attempts >= 1 && attempts <= 100) {
                return attempts;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the setting's name
        }
        throw new ConfigurationException(MAX_RETRIES,
                "'" + raw + "' is not a whole number of attempts from 1 to 100");
    }

    public static long parseBaseMillis(String raw) {
        try {
            BigDecimal seconds = new BigDecimal(raw.strip());
            if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(60)) <= 0) {
                return seconds.movePointRight(3).longValue();
            }
        } catch (NumberFormatException ignored) {
            // reported below with the setting's name
        }
        throw new ConfigurationException(RETRY_BASE_SECONDS,
                "'" + raw + "' is not a number of seconds from 0 to 60");
    }
}
