package dev.jvmws.cli;

import java.io.PrintStream;

/**
 * Where wscat's three kinds of line go, and how they look (npm wscat's {@code Console.print}).
 *
 * <ul>
 *   <li><b>Decorated</b> (a terminal, not {@code -x}): every line is written as
 *       {@code \r ESC[2K ESC[3D} + colour + prefix + text + {@code ESC[39m}, then the {@code > } prompt
 *       is redrawn while input is being read. Control lines are green, incoming messages blue with
 *       {@code < }, errors yellow with {@code error: }; {@code --no-color} drops the colour but, like
 *       wscat, keeps the trailing reset.</li>
 *   <li><b>Plain</b> (not a terminal, or {@code -x}): incoming messages go to stdout as they are,
 *       errors to stderr as {@code error: text}, control lines are dropped, so the output can be piped.</li>
 * </ul>
 *
 * <p>With a line editor ({@link WscatLineReader}, when stdin and stdout are a terminal) decorated lines
 * are drawn above the line being typed, which stays intact, and the editor draws the prompt. Errors
 * then go to the terminal too, as npm wscat's do; otherwise they go to stderr.
 *
 * <p>Deliberate differences from wscat: without the line editor errors go to stderr (wscat writes
 * them to stdout on a terminal); in {@code -x} mode errors keep their {@code error: } prefix (wscat
 * drops it there); no {@code > } prompts are written when stdout is not a terminal (wscat's readline
 * writes one after each input line, which pollutes piped output).
 *
 * <p>Thread-safe: lines come from event-loop threads and the input thread, and are never interleaved.
 */
final class WscatOutput {
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String BLUE = "\u001b[34m";
    static final String DEFAULT_COLOR = "\u001b[39m";
    /** Carriage return, erase the line, cursor back three columns: wipes a drawn prompt. */
    static final String CLEAR_LINE = "\r\u001b[2K\u001b[3D";
    static final String PROMPT = "> ";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean decorated;
    private final boolean color;
    private final WscatLineReader lines;
    private boolean prompting;
    /** Whether a prompt is drawn on the current line (decorated, without a line editor). */
    private boolean promptDrawn;

    /**
     * @param decorated terminal formatting (colours, prefixes, control lines, prompt)
     * @param color whether decorated lines carry a colour
     */
    WscatOutput(PrintStream out, PrintStream err, boolean decorated, boolean color) {
        this.out = out;
        this.err = err;
        this.decorated = decorated;
        this.color = color;
        this.lines = null;
    }

    /** Decorated output through a terminal's line editor, which also draws the prompt. */
    WscatOutput(WscatLineReader lines, PrintStream err, boolean color) {
        this.out = null;
        this.err = err;
        this.decorated = true;
        this.color = color;
        this.lines = lines;
    }

    /** Whether input comes from the terminal's line editor (Ctrl+C and Ctrl+D end it). */
    boolean isLineEditing() {
        return lines != null;
    }

    /** Status lines (Connected, Disconnected, Listening…): shown on a terminal only. */
    synchronized void control(String text) {
        if (lines != null) {
            lines.printAbove(paint(GREEN) + text + DEFAULT_COLOR);
        } else if (decorated) {
            out.print(CLEAR_LINE + paint(GREEN) + text + DEFAULT_COLOR + "\n");
            redrawPrompt();
        }
    }

    /** A received message (or ping/pong notice). */
    synchronized void incoming(String text) {
        if (lines != null) {
            lines.printAbove(paint(BLUE) + "< " + text + DEFAULT_COLOR);
        } else if (decorated) {
            out.print(CLEAR_LINE + paint(BLUE) + "< " + text + DEFAULT_COLOR + "\n");
            redrawPrompt();
        } else {
            out.print(text + "\n");
            out.flush();
        }
    }

    /** An error; always on stderr, as {@code error: text}. */
    synchronized void error(String text) {
        if (lines != null) {
            lines.printAbove(paint(YELLOW) + "error: " + text + DEFAULT_COLOR);
        } else if (decorated) {
            out.print(CLEAR_LINE);
            out.flush();
            err.print(paint(YELLOW) + "error: " + text + DEFAULT_COLOR + "\n");
            err.flush();
            redrawPrompt();
        } else {
            err.print("error: " + text + "\n");
            err.flush();
        }
    }

    /**
     * Whether the {@code > } prompt is shown (wscat shows it while input goes somewhere: connected, or
     * a client attached in listen mode). Turning it off wipes the drawn one.
     */
    synchronized void prompting(boolean on) {
        prompting = on;
        if (lines != null) {
            lines.prompting(on);
        } else if (decorated) {
            out.print(on ? PROMPT : CLEAR_LINE);
            promptDrawn = on;
            out.flush();
        }
    }

    /** The user entered a line: the terminal's echo of Enter moved the cursor to a new, empty line. */
    synchronized void lineEntered() {
        promptDrawn = false;
    }

    /**
     * Draws the prompt after an entered line has been handled, unless a line printed meanwhile (an
     * error from a slash command, a reply) already drew it: one prompt, not {@code > > }.
     */
    synchronized void prompt() {
        if (!promptDrawn) {
            redrawPrompt();
        }
    }

    private void redrawPrompt() {
        if (lines != null) {
            return;
        }
        if (decorated && prompting) {
            out.print(PROMPT);
            promptDrawn = true;
        }
        out.flush();
    }

    private String paint(String colorCode) {
        return color ? colorCode : "";
    }
}
