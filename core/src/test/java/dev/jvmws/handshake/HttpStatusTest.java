package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpStatusTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "101|Switching Protocols", "200|OK", "302|Found", "400|Bad Request", "401|Unauthorized",
        "403|Forbidden", "404|Not Found", "405|Method Not Allowed", "426|Upgrade Required",
        "431|Request Header Fields Too Large", "500|Internal Server Error",
        "503|Service Unavailable", "299|Unknown", "999|Unknown", "-1|Unknown",
    })
    void hasStandardPhrases(int code, String phrase) {
        assertThat(HttpStatus.reasonPhrase(code)).isEqualTo(phrase);
    }
}
