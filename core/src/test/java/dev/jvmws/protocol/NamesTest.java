package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names used in error messages and logs: each code and opcode has its own. */
class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1000|Normal closure", "1001|Going away", "1002|Protocol error", "1003|Unsupported data",
        "1005|No status received", "1006|Abnormal closure", "1007|Invalid payload data",
        "1008|Policy violation", "1009|Message too big", "1010|Mandatory extension", "1011|Internal error",
        "1012|Service restart", "1013|Try again later", "1014|Bad gateway", "1015|TLS handshake failure",
        "3000|Application-defined", "4999|Application-defined", "2999|Unknown", "5000|Unknown", "1004|Unknown",
        "999|Unknown",
    })
    void closeCodeDescriptions(int code, String description) {
        assertThat(CloseCode.description(code)).isEqualTo(description);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|CONTINUATION", "1|TEXT", "2|BINARY", "8|CLOSE", "9|PING", "10|PONG", "3|0x3", "11|0xb", "15|0xf",
    })
    void opcodeNames(int opcode, String name) {
        assertThat(Opcode.name(opcode)).isEqualTo(name);
    }
}
