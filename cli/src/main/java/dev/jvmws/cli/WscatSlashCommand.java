package dev.jvmws.cli;

import dev.jvmws.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * wscat's {@code --slash} commands, which turn an input line starting with {@code /} into a control
 * frame: {@code /ping [data]}, {@code /pong [data]} (only the first word is sent; none sends an empty
 * payload) and {@code /close [code [reason words…]]} (code 1000 by default, the reason is the remaining
 * words joined by single spaces). Anything else prints {@code error: Unrecognized slash command.}
 *
 * <p>Unlike wscat, which crashes on {@code /close abc} (TypeError) or an unsendable code, a bad code,
 * an over-long reason or an over-long ping payload prints an {@code error:} line and the session goes on.
 */
final class WscatSlashCommand {
    /** JavaScript's {@code /\s+/}, which also matches Unicode spaces. */
    private static final Pattern WORD_SEPARATOR = Pattern.compile("(?U)\\s+");
    private static final int DEFAULT_CLOSE_CODE = 1000;

    private WscatSlashCommand() {}

    /** Runs {@code line}, which starts with {@code /}, on {@code ws}; problems go to {@code output}. */
    static void run(WebSocket ws, String line, WscatOutput output) {
        String[] words = WORD_SEPARATOR.split(line);
        try {
            switch (words[0].substring(1)) {
                case "ping":
                    ws.ping(firstArgument(words));
                    break;
                case "pong":
                    ws.pong(firstArgument(words));
                    break;
                case "close":
                    close(ws, words);
                    break;
                default:
                    output.error("Unrecognized slash command.");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            output.error(e.getMessage());
        }
    }

    private static ByteBuffer firstArgument(String[] words) {
        return words.length >= 2
                ? ByteBuffer.wrap(words[1].getBytes(StandardCharsets.UTF_8))
                : ByteBuffer.allocate(0);
    }

    private static void close(WebSocket ws, String[] words) {
        int code = DEFAULT_CLOSE_CODE;
        if (words.length >= 2) {
            try {
                code = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid close code: " + words[1]);
            }
        }
        String reason = String.join(" ", Arrays.asList(words).subList(Math.min(2, words.length), words.length));
        ws.close(code, reason);
    }
}
