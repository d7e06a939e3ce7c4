package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code bin/chat}'s page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): two tabs join the room, each sees the
 * other's messages, and the join and leave notices. Without the browser this test fails, saying
 * what to install; {@code JVMWS_SKIP_BROWSER=1} skips it on a machine without one.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrowserChatTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Quiets Selenium's "Unable to find CDP implementation matching 156": the test uses WebDriver
     * only, never DevTools, so a Selenium older than the browser is fine. Held here so the logger
     * (and its level) is not garbage collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    private BrowserChat chat;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        if ("1".equals(System.getenv("JVMWS_SKIP_BROWSER"))) {
            Assumptions.abort("JVMWS_SKIP_BROWSER=1: the browser chat test is skipped");
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser chat test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run does), or set JVMWS_SKIP_BROWSER=1 to skip it");
        }
        chat = BrowserChat.start(new InetSocketAddress("127.0.0.1", 0));

        // Both paths given: Selenium then has nothing to look up or download (no Selenium Manager).
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root in a container: no sandbox, no /dev/shm; and no background traffic to the (closed) network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (chat != null) {
                chat.close();
            }
        }
    }

    /** The chat log of the current tab, one entry per line shown. */
    private List<String> log() {
        return browser.findElements(By.cssSelector("#log li")).stream().map(item -> item.getText())
                .collect(Collectors.toList());
    }

    /** Switches to {@code tab} and waits (bounded) until its log shows {@code line}. */
    private void awaitLine(String tab, String line) {
        browser.switchTo().window(tab);
        new WebDriverWait(browser, WAIT)
                .withMessage(() -> "'" + line + "' in the log, which shows " + log())
                .until(driver -> log().contains(line));
    }

    private void say(String tab, String text) {
        browser.switchTo().window(tab);
        browser.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    @Test
    void twoTabsChatAndSeeEachOtherJoinAndLeave() {
        String base = "http://127.0.0.1:" + chat.port() + "/";
        browser.get(base + "?name=alice");
        String alice = browser.getWindowHandle();
        assertThat(browser.getTitle()).isEqualTo("jvmws chat");
        awaitLine(alice, "* alice joined");

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(base + "?name=bob");
        String bob = browser.getWindowHandle();
        awaitLine(bob, "* here: alice");
        awaitLine(bob, "* bob joined");
        awaitLine(alice, "* bob joined");

        say(alice, "hello from alice");
        awaitLine(bob, "alice: hello from alice");
        say(bob, "hi alice, bob here");
        awaitLine(alice, "bob: hi alice, bob here");

        browser.switchTo().window(bob);
        browser.close(); // the tab goes, and its WebSocket with it
        awaitLine(alice, "* bob left");
        assertThat(log()).containsExactly("* alice joined", "* bob joined", "alice: hello from alice",
                "bob: hi alice, bob here", "* bob left");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("connected");
    }
}
