package io.duckmirror.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransientErrorsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FATAL:  terminating connection due to administrator command                       | true
            server closed the connection unexpectedly                                         | true
            connection to server at "127.0.0.1", port 5432 failed: Connection refused          | true
            FATAL:  the database system is starting up                                        | true
            ERROR:  canceling statement due to statement timeout                              | true
            ERROR:  permission denied for table forbidden                                     | false
            Catalog Error: Table with name nope does not exist!                               | false
            FATAL:  password authentication failed for user "reader"                          | false
            Conversion Error: Could not convert string 'x' to INT32                           | false
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
