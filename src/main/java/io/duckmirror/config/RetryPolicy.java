package io.duckmirror.config;

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
        return NumberSetting.parse(MAX_RETRIES, raw, 1, 100, true, "a whole number of attempts from 1 to 100")
                .intValue();
    }

    public static long parseBaseMillis(String raw) {
        return NumberSetting.parse(RETRY_BASE_SECONDS, raw, 0, 60, false, "a number of seconds from 0 to 60")
                .movePointRight(3).longValue();
    }
}
