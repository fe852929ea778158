package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each message a source really produces, with its class. Sources, by the comment before each group:
 * [libpq] libpq's fe-connect.c / fe-misc.c messages; [pg] PostgreSQL's errcodes and their texts
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html); [duckdb] DuckDB 1.5.5, run
 * here; [md-ext] the motherduck extension 1.5.5, loaded here offline; [md-docs] MotherDuck's
 * documentation (https://motherduck.com/docs/troubleshooting/error_messages and its connection
 * and authentication pages) and issue 12's review of it: not observed here, MotherDuck being
 * unreachable.
 */
class TransientErrorsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # [pg] administrator restart, server crash, startup, recovery
            FATAL:  terminating connection due to administrator command                                       | true
            FATAL:  the database system is starting up                                                        | true
            FATAL:  the database system is shutting down                                                      | true
            FATAL:  the database system is in recovery mode                                                   | true
            FATAL:  sorry, too many clients already                                                           | true
            FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute            | true
            ERROR:  canceling statement due to statement timeout                                              | true
            ERROR:  canceling statement due to conflict with recovery                                         | true
            ERROR:  could not serialize access due to concurrent update                                       | true
            ERROR:  deadlock detected                                                                         | true
            # [libpq] the connection lost or never made
            server closed the connection unexpectedly                                                         | true
            connection to server at "127.0.0.1", port 5432 failed: Connection refused                          | true
            connection to server at "10.0.0.9", port 5432 failed: timeout expired                              | true
            could not receive data from server: Connection reset by peer                                      | true
            SSL SYSCALL error: EOF detected                                                                   | true
            no connection to the server                                                                       | true
            # [pg] permanent: permission, missing object, bad password, bad data
            ERROR:  permission denied for table forbidden                                                     | false
            FATAL:  password authentication failed for user "reader"                                          | false
            FATAL:  database "nope" does not exist                                                            | false
            ERROR:  invalid value for parameter "statement_timeout": "soon"                                   | false
            ERROR:  unrecognized configuration parameter "connection_timeout"                                 | false
            # [duckdb] permanent catalog and conversion errors
            Catalog Error: Table with name nope does not exist!                                               | false
            Conversion Error: Could not convert string 'x' to INT32                                           | false
            Binder Error: Unique file handle conflict: Database "pg" is already attached                       | false
            # [duckdb] concurrent writers of one database (reproduced by ConcurrentWritersTest)
            TransactionContext Error: Catalog write-write conflict on create with "s"                         | true
            TransactionContext Error: Catalog write-write conflict on alter with "flight_tracker"             | true
            # [md-ext] the extension offline: its version check cannot reach api.motherduck.com
            Invalid Input Error: Initialization function "motherduck_duckdb_cpp_init" from file "x" threw an exception: "Failed to download "http://api.motherduck.com/extension_version" (attempt 5): Could not establish connection" | true
            # [md-docs] transient: service down or overloaded, gRPC codes, HTTP 429/502/503/504
            Could not connect to MotherDuck. Please try again later                                           | true
            rpc error: code = UNAVAILABLE desc = connection error                                             | true
            rpc error: code = DEADLINE_EXCEEDED desc = context deadline exceeded                              | true
            HTTP 429 Too Many Requests                                                                        | true
            HTTP 502 Bad Gateway                                                                              | true
            HTTP 503 Service Unavailable                                                                      | true
            HTTP 504 Gateway Timeout                                                                          | true
            # [md-docs] permanent: a bad or expired token, quota, permission (even if a code says UNAVAILABLE)
            Your request is not authenticated. Please check your MotherDuck token                             | false
            Invalid Input Error: Token has expired                                                            | false
            rpc error: code = UNAVAILABLE desc = token validation failed                                      | false
            Storage quota exceeded for this organization                                                      | false
            Permission denied: you do not have write access to database 'share'                              | false
            # [duckdb] a word alone is not a class: 'timeout' in a setting's name, 'unavailable' in prose
            Invalid Input Error: connection_timeout must be an interval                                       | false
            Catalog Error: Setting with name "statement_timeout" is not in the catalog                         | false
            Extension Error: extension is unavailable for this platform                                       | false
            """)
    void tellsTransientFromPermanent(String message, boolean isTransient) {
        assertThat(Failures.isTransient(new SQLException("IO Error: " + message))).isEqualTo(isTransient);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result\\nError: Catalog Error: no such table\\n\\nLINE 1: x' | Catalog Error: no such table
            'IO Error: refused\\nIs the server running?'                                                                                           | IO Error: refused
            """)
    void findsTheLineThatSaysWhatWentWrong(String message, String expected) {
        assertThat(Failures.firstLine(new SQLException(message.replace("\\n", "\n")))).isEqualTo(expected);
    }
}
