package io.duckmirror.config;

import java.math.BigDecimal;

/** Parses a numeric setting within its range, or says which setting is wrong and what it takes. */
final class NumberSetting {
    private NumberSetting() {
    }

    /**
     * @param expected what the setting takes, completing "'<raw>' is not ...", e.g. "a port number from 1 to 65535"
     */
    static BigDecimal parse(String setting, String raw, long min, long max, boolean whole, String expected) {
        try {
            BigDecimal value = new BigDecimal(raw.strip());
            if (value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0
                    && (!whole || value.stripTrailingZeros().scale() <= 0)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the setting's name
        }
        throw new ConfigurationException(setting, "'" + raw + "' is not " + expected);
    }
}
