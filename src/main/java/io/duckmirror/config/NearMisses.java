package io.duckmirror.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the names that look meant as a setting but are none: a typo of a known key (a small edit
 * distance, or a long prefix in common), or a name in duckmirror's families (the reference's {@code pg_} prefix, the
 * {@code _SCHEMAS} and {@code _TABLES} of the selection). A name that differs from a key only in case
 * or in dots for underscores is not one: the configuration resolves it to that key.
 */
final class NearMisses {
    /**
     * libpq's own environment variables: the postgres extension's libpq reads them, so they are
     * settings too, just not duckmirror's (https://www.postgresql.org/docs/current/libpq-envars.html).
     */
    private static final Set<String> LIBPQ = Set.of("PGHOSTADDR", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE",
            "PGOPTIONS", "PGAPPNAME", "PGREQUIRESSL", "PGSSLNEGOTIATION", "PGSSLCOMPRESSION", "PGSSLCERT", "PGSSLKEY",
            "PGSSLCERTMODE", "PGSSLROOTCERT", "PGSSLCRL", "PGSSLCRLDIR", "PGSSLSNI", "PGREQUIREPEER", "PGREQUIREAUTH",
            "PGSSLMINPROTOCOLVERSION", "PGSSLMAXPROTOCOLVERSION", "PGGSSENCMODE", "PGKRBSRVNAME", "PGGSSLIB",
            "PGGSSDELEGATION", "PGCHANNELBINDING", "PGCONNECT_TIMEOUT", "PGCLIENTENCODING", "PGTARGETSESSIONATTRS",
            "PGLOADBALANCEHOSTS", "PGMINPROTOCOLVERSION", "PGMAXPROTOCOLVERSION", "PGDATESTYLE", "PGTZ", "PGGEQO",
            "PGSYSCONFDIR", "PGLOCALEDIR", "PGDATA");

    /**
     * As many leading characters in common with a key make a name look meant (MAX_RETRY, TARGET_DB);
     * fewer would catch TARGET_ARCH.
     */
    private static final int SHARED_PREFIX = 8;

    /**
     * Names under duckmirror's own prefix are the user's wiring (the Airflow example hands a task its
     * tables as DUCKMIRROR_TABLES): among them only a typo of a setting (DUCKMIRROR_RUNID) is a near miss.
     */
    private static final String OWN_PREFIX = "DUCKMIRROR_";

    /** One name that is not a setting, and the setting it most likely means. */
    record NearMiss(String name, String likely) {
        String describe() {
            return name + " is not a setting; did you mean " + likely + "?";
        }
    }

    private NearMisses() {
    }

    /** The near misses among {@code names}, measured against {@code known}, in the order of {@code names}. */
    static List<NearMiss> find(Collection<String> names, List<String> known) {
        Keys keys = Keys.of(known);
        return names.stream().filter(name -> !keys.resolve(name) && !quiet(name) && keys.look(name))
                .sorted().map(name -> new NearMiss(name, keys.likely(name))).toList();
    }

    /**
     * For a key of a configuration file, where names match exactly (case included): the setting it
     * likely means, when it looks meant as one.
     */
    static Optional<String> likelyInFile(String key, List<String> known) {
        Keys keys = Keys.of(known);
        return keys.resolve(key) || keys.look(key) ? Optional.of(keys.likely(key)) : Optional.empty();
    }

    /** A known key and its normal form. */
    private record Key(String name, String normal) {
    }

    /**
     * The known keys, with their normal forms computed once: a Kubernetes pod's environment holds a
     * few variables per service in its namespace, each measured against every key on every start.
     */
    private record Keys(List<Key> keys) {
        static Keys of(List<String> known) {
            return new Keys(known.stream().map(name -> new Key(name, normal(name))).toList());
        }

        /** The known key closest to {@code name}. */
        String likely(String name) {
            String normal = normal(name);
            // The most in common at either end first (TARGET_DB: TARGET_DATABASE, not TARGET;
            // SKIPPED_SCHEMAS: EXCLUDED_SCHEMAS), else the fewest edits.
            return keys.stream().min(Comparator.<Key> comparingInt(key -> -sharedEnds(normal, key.normal()))
                    .thenComparingInt(key -> distance(normal, key.normal()))).orElseThrow().name();
        }

        boolean look(String name) {
            String normal = normal(name);
            boolean typo = keys.stream().anyMatch(key -> withinTypo(normal, key.normal()));
            if (normal.startsWith(OWN_PREFIX)) {
                return typo;
            }
            // pg_ as the reference writes it: PG_VERSION and PG_MAJOR are what postgres images set.
            return typo || name.startsWith("pg_") || normal.endsWith("_SCHEMAS") || normal.endsWith("_TABLES")
                    || keys.stream().anyMatch(key -> commonPrefix(normal, key.normal()) >= SHARED_PREFIX);
        }

        boolean resolve(String name) {
            String normal = normal(name);
            return keys.stream().anyMatch(key -> key.normal().equals(normal));
        }
    }

    /** A small edit distance for the key's length; names whose lengths differ more are not measured. */
    private static boolean withinTypo(String normal, String key) {
        int edits = key.length() >= 8 ? 2 : 1;
        return Math.abs(normal.length() - key.length()) <= edits && distance(normal, key, edits) <= edits;
    }

    /** The characters two names share at the start and at the end, each run counted from 4 on (a word). */
    private static int sharedEnds(String a, String b) {
        int prefix = commonPrefix(a, b);
        int suffix = commonPrefix(new StringBuilder(a).reverse().toString(), new StringBuilder(b).reverse().toString());
        return (prefix >= 4 ? prefix : 0) + (suffix >= 4 ? suffix : 0);
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static boolean quiet(String name) {
        return LIBPQ.contains(name) || name.startsWith("QUARKUS_");
    }

    /** As the environment's names are matched: case aside, any other character than a letter or digit as _. */
    private static String normal(String name) {
        StringBuilder normal = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toUpperCase(name.charAt(i));
            normal.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
        }
        return normal.toString();
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        return distance(a, b, Integer.MAX_VALUE - 1);
    }

    /**
     * The same, or some number above {@code limit} as soon as two rows exceed it: a row's cells come
     * from the two rows above, so the distance cannot fall back within the limit.
     */
    private static int distance(String a, String b, int limit) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        int aboveMin = 0;
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = d[i][0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
                rowMin = Math.min(rowMin, d[i][j]);
            }
            if (rowMin > limit && aboveMin > limit) {
                return limit + 1;
            }
            aboveMin = rowMin;
        }
        return d[a.length()][b.length()];
    }
}
