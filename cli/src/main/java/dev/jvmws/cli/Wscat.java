package dev.jvmws.cli;

import dev.jvmws.ClientOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wscat}: a port of npm wscat 6.1.0 on this library. Its flags are a contract (other tools drive
 * them), so names, defaults, output lines and exit codes follow wscat; differences are noted where they
 * are made. This class reads the command line and builds the library options; {@link WscatConnect} and
 * {@link WscatListen} run the two modes, {@link WscatOutput} formats what they print.
 *
 * <p>When stdin and stdout are a terminal, input is edited with JLine ({@link WscatLineReader}): the
 * typed line survives incoming messages, the arrow keys recall history, and Ctrl+C or Ctrl+D quits
 * as npm wscat does (a close without status code, exit 0). Otherwise input and output are the plain
 * streams, unchanged, for scripts.
 *
 * <p>Exit codes: 0 when the connection closed, input ended (Ctrl+C and Ctrl+D on a terminal too) or
 * help/version was shown; 255 for wscat's
 * {@code process.exit(-1)} cases (both modes given, connection or server failure); 1 for bad flags or
 * values, where wscat's option parser exits 1 or wscat crashes (e.g. {@code -p 7}, a bad URL).
 *
 * <p>TLS ({@code -n}, {@code --ca}, {@code --cert}, {@code --key}, {@code --passphrase}, see
 * {@link WscatTls}) and {@code --proxy} ({@code [http://][user:pass@]host[:port]}, an HTTP CONNECT
 * proxy) are npm wscat's. A refused certificate, a host name mismatch or a proxy's refusal is an error
 * event like any other: one {@code error: …} line, exit 255. Unusable TLS or proxy flags (a file that
 * cannot be read, a wrong passphrase, an {@code https://} proxy) exit 1 with one line, where npm
 * wscat crashes.
 */
@Command(name = "wscat", mixinStandardHelpOptions = true, versionProvider = Wscat.Version.class,
        sortOptions = false, usageHelpWidth = 100,
        customSynopsis = "wscat [options] (--listen <port> | --connect <url>)",
        description = "%nA WebSocket client and one-client server for the terminal (a port of npm wscat).%n",
        footer = {"%nOn a terminal, lines are coloured and prefixed; otherwise received messages go to stdout as",
                "they are, errors to stderr as 'error: ...', and status lines are dropped.",
                "On a terminal, the line being typed stays intact when a message arrives, the arrow keys recall",
                "earlier lines, and Ctrl+C (or Ctrl+D on an empty line) closes the connection and exits.",
                "End of input closes the connection and exits, except with -x: there the full --wait is",
                "always waited (npm wscat exits at once when stdin is at EOF, e.g. </dev/null)."})
public final class Wscat implements Callable<Integer> {
    static final int EXIT_OK = 0;
    /** Commander's code for bad options, and Node's for the crashes wscat has on bad values. */
    static final int EXIT_USAGE = 1;
    /** wscat's {@code process.exit(-1)}. */
    static final int EXIT_FAILURE = 255;

    /** wscat's test for "has a scheme", but {@code host:port} is not taken for scheme {@code host}. */
    private static final Pattern HAS_SCHEME = Pattern.compile("^[a-z][a-z0-9.+-]*:(?![0-9])", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROXY_SCHEME = Pattern.compile("^[a-z][a-z0-9.+-]*://", Pattern.CASE_INSENSITIVE);

    @Option(names = "--auth", paramLabel = "<username:password>", description = "add basic HTTP authentication header")
    String auth;

    @Option(names = "--host", paramLabel = "<host>", description = "optional host")
    String host;

    @Option(names = "--max-redirects", paramLabel = "num", arity = "0..1", defaultValue = "10", fallbackValue = "10",
            description = "maximum number of redirects allowed (default: ${DEFAULT-VALUE})")
    int maxRedirects;

    @Option(names = "--no-color", description = "run without color")
    boolean noColor;

    @Option(names = "--slash", description = "enable slash commands for control frames (/ping [data], /pong [data], "
            + "/close [code [, reason]]) (--connect only)")
    boolean slash;

    @Option(names = {"-c", "--connect"}, paramLabel = "<url>", description = "connect to a WebSocket server")
    String connect;

    @Option(names = {"-n", "--no-check"}, description = "do not check the server's certificate or host name (insecure)")
    boolean noCheck;

    @Option(names = "--ca", paramLabel = "<ca>",
            description = "trust this CA bundle (PEM) instead of the JDK's CAs (--connect only)")
    Path ca;

    @Option(names = "--cert", paramLabel = "<cert>", description = "client certificate chain, PEM (--connect only)")
    Path cert;

    @Option(names = "--key", paramLabel = "<key>",
            description = "the client certificate's private key, PEM PKCS#8 (--connect only)")
    Path key;

    @Option(names = "--passphrase", paramLabel = "passphrase", arity = "0..1", fallbackValue = WscatTls.PROMPT,
            description = "the key's passphrase (--connect only). Without a value it is asked for")
    String passphrase;

    @Option(names = "--proxy", paramLabel = "<[http://][user:pass@]host[:port]>",
            description = "connect through an HTTP proxy (it must support CONNECT)")
    String proxy;

    @Option(names = {"-H", "--header"}, paramLabel = "<header:value>",
            description = "set an HTTP header. Repeat to set multiple (--connect only)")
    List<String> headers;

    @Option(names = {"-l", "--listen"}, paramLabel = "<port>", description = "listen on port")
    Integer listen;

    @Option(names = {"-L", "--location"}, description = "follow redirects")
    boolean location;

    @Option(names = {"-o", "--origin"}, paramLabel = "<origin>", description = "optional origin")
    String origin;

    @Option(names = {"-p", "--protocol"}, paramLabel = "<version>", description = "optional protocol version (8 or 13)")
    Integer protocolVersion;

    @Option(names = {"-P", "--show-ping-pong"},
            description = "print a notification when a ping or pong is received (--connect only)")
    boolean showPingPong;

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "<protocol>",
            description = "optional subprotocol. Repeat to specify more than one")
    List<String> subprotocols;

    @Option(names = {"-w", "--wait"}, paramLabel = "<seconds>", defaultValue = "2",
            description = "wait given seconds after executing command (default: ${DEFAULT-VALUE}; fractions allowed; "
                    + "-1 keeps the connection open)")
    double waitSeconds;

    @Option(names = {"-x", "--execute"}, paramLabel = "<command>",
            description = "execute command after connecting (--connect only). Repeat to send several")
    List<String> execute;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    /** The terminal to edit input lines on, asked for only by the interactive modes; null: none. */
    private final Supplier<Terminal> lineEditing;

    private Wscat(InputStream in, PrintStream out, PrintStream err, boolean terminal, Supplier<Terminal> lineEditing) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.lineEditing = lineEditing;
    }

    public static void main(String[] args) {
        // Node writes UTF-8 whatever the locale; Java's default streams would turn non-ASCII into '?'.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        boolean terminal = isTerminal();
        int code = run(args, System.in, out, err, terminal, terminal ? WscatLineReader::systemTerminal : () -> null);
        out.flush();
        err.flush();
        // The listen mode's server threads are not daemons, and a blocked stdin read never returns.
        System.exit(code);
    }

    /**
     * Runs wscat with {@code args} on the given streams until it is done, and returns its exit code.
     *
     * @param terminal whether to format for a terminal (wscat asks whether stdout is a TTY)
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        return run(args, in, out, err, terminal, () -> null);
    }

    /**
     * As {@link #run(String[], InputStream, PrintStream, PrintStream, boolean)}, editing input on the
     * terminal {@code lineEditing} gives (when it gives one) in the interactive modes; the terminal
     * then takes the place of {@code in} and {@code out} there, and is closed at the end.
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal,
            Supplier<Terminal> lineEditing) {
        CommandLine commandLine = new CommandLine(new Wscat(in, out, err, terminal, lineEditing))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF))
                .setParameterExceptionHandler((e, ignored) -> {
                    err.println("error: " + e.getMessage());
                    err.flush();
                    return EXIT_USAGE;
                });
        commandLine.setExecutionExceptionHandler((e, ignored, parseResult) -> {
            err.println("error: " + describe(e));
            err.flush();
            return EXIT_FAILURE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (listen != null && connect != null) {
            newOutput(false).error("Use either --listen or --connect");
            return EXIT_FAILURE;
        }
        if (listen != null) {
            WscatLineReader lines = openLineReader();
            try {
                return new WscatListen(newOutput(lines), inputOf(lines)).run(listen);
            } finally {
                closeLineReader(lines);
            }
        }
        if (connect != null) {
            return connect();
        }
        spec.commandLine().usage(out);
        out.flush();
        return EXIT_OK;
    }

    private int connect() {
        List<String> commands = execute == null ? List.of() : execute;
        WscatOutput output = newOutput(!commands.isEmpty());
        ClientOptions options;
        URI uri;
        try {
            options = clientOptions();
            uri = URI.create(withScheme(connect));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            output.error(e.getMessage());
            return EXIT_USAGE;
        }
        WscatConnect.Settings settings = new WscatConnect.Settings(commands, waitSeconds, slash, showPingPong);
        InetSocketAddress dialed = dialedAddress(uri);
        if (!commands.isEmpty()) {
            return new WscatConnect(settings, output, WscatInput.of(in), dialed).run(uri, options);
        }
        WscatLineReader lines = openLineReader();
        try {
            return new WscatConnect(settings, newOutput(lines), inputOf(lines), dialed).run(uri, options);
        } finally {
            closeLineReader(lines);
        }
    }

    /** wscat's print rules: terminal formatting unless stdout is not a TTY or {@code -x} is used. */
    private WscatOutput newOutput(boolean executeMode) {
        return new WscatOutput(out, err, terminal && !executeMode, !noColor);
    }

    /** The interactive modes' output: through the line editor when there is one. */
    private WscatOutput newOutput(WscatLineReader lines) {
        return lines == null ? newOutput(false) : new WscatOutput(lines, err, !noColor);
    }

    private WscatInput.Source inputOf(WscatLineReader lines) {
        return lines == null ? WscatInput.of(in) : lines::start;
    }

    private WscatLineReader openLineReader() {
        Terminal editing = terminal ? lineEditing.get() : null;
        return editing == null ? null : new WscatLineReader(editing);
    }

    private static void closeLineReader(WscatLineReader lines) {
        if (lines != null) {
            lines.close();
        }
    }

    /**
     * The address the connection dials first, for Node-style error texts: the proxy when there is one,
     * else the URL's host and port; null for a Unix socket (the library names its path).
     */
    private InetSocketAddress dialedAddress(URI uri) {
        if (proxy != null) {
            URI proxyUri = proxyUri(proxy);
            return InetSocketAddress.createUnresolved(proxyUri.getHost(), proxyUri.getPort() < 0 ? 80 : proxyUri.getPort());
        }
        String host = uri.getHost();
        if (host == null || "ws+unix".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Whether stdin and stdout both are a terminal (as wscat's readline needs for editing). On Java 22
     * and later {@code System.console()} exists for redirected streams too; {@code isTerminal()} says.
     */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a console exists only when both are a terminal
        }
    }

    /** The flags as ws client options, as wscat builds them. */
    private ClientOptions clientOptions() {
        ClientOptions.Builder options = ClientOptions.builder()
                .followRedirects(location)
                .maxRedirects(maxRedirects);
        if (subprotocols != null) {
            options.subprotocols(subprotocols);
        }
        if (protocolVersion != null) {
            options.protocolVersion(protocolVersion);
        }
        if (origin != null) {
            options.origin(origin);
        }
        requestHeaders().values().forEach(header -> options.header(header[0], header[1]));
        if (proxy != null) {
            options.proxy(proxyUri(proxy));
        }
        WscatTls.configure(options, ca, cert, key, passphrase(), noCheck);
        return options.build();
    }

    /**
     * The {@code --proxy} value as a URL, {@code http://} prefixed when it names no scheme. Only
     * {@code ://} marks one here: {@code user:pass@host:port} has a colon that is not a scheme's.
     */
    static URI proxyUri(String value) {
        return URI.create(PROXY_SCHEME.matcher(value).find() ? value : "http://" + value);
    }

    /** The key's passphrase: as given, asked for ({@code --passphrase} alone, with a key to open), or none. */
    private char[] passphrase() {
        if (passphrase == null) {
            return null;
        }
        if (passphrase.equals(WscatTls.PROMPT)) {
            return key == null ? null : WscatTls.readPassphrase(in);
        }
        return passphrase.toCharArray();
    }

    /**
     * The {@code -H}, {@code --auth} and {@code --host} headers. wscat collects them in an object that
     * Node's HTTP client treats case-insensitively, so a later same-named header replaces an earlier one
     * in place; the value is kept as given (not trimmed), as wscat does.
     */
    private Map<String, String[]> requestHeaders() {
        Map<String, String[]> byName = new LinkedHashMap<>();
        for (String header : headers == null ? List.<String>of() : headers) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                // wscat would send a garbled header (its slice(0, -1)); refuse instead.
                throw new IllegalArgumentException("Invalid header \"" + header + "\": expected <header:value>");
            }
            put(byName, header.substring(0, colon), header.substring(colon + 1));
        }
        if (auth != null) {
            // RFC 7617: Basic credentials are base64("user:pass"); UTF-8 as Node's Buffer.from.
            put(byName, "Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        if (host != null) {
            put(byName, "Host", host);
        }
        return byName;
    }

    private static void put(Map<String, String[]> byName, String name, String value) {
        byName.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
    }

    /** Prefixes {@code ws://} when the URL has no scheme, as wscat does. */
    static String withScheme(String url) {
        return HAS_SCHEME.matcher(url).find() ? url : "ws://" + url;
    }

    /** A one-line message for an error: the cause's message, without wrapper exceptions. */
    static String describe(Throwable error) {
        if (error == null) {
            // The library reported an error without an exception; say so rather than crash.
            return "connection failed (no details reported)";
        }
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** The version from the jar's Maven metadata (wscat prints its package.json version). */
    static final class Version implements CommandLine.IVersionProvider {
        private static final String POM_PROPERTIES = "/META-INF/maven/dev.jvmws/jvmws-cli/pom.properties";

        @Override
        public String[] getVersion() throws Exception {
            try (InputStream stream = Wscat.class.getResourceAsStream(POM_PROPERTIES)) {
                if (stream == null) {
                    return new String[] {"unknown (not run from the jar)"};
                }
                Properties properties = new Properties();
                properties.load(stream);
                return new String[] {properties.getProperty("version", "unknown")};
            }
        }
    }
}
