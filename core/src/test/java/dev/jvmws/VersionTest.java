package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
    /** Issue 12: the version in the API is the POM's, filled in at build time (never stale). */
    @Test
    void isThePomVersion() {
        String pomVersion = System.getProperty("jvmws.pom.version");
        assertThat(pomVersion).as("surefire's jvmws.pom.version (core/pom.xml)").isNotBlank();
        assertThat(Version.get()).isEqualTo(pomVersion);
    }
}
