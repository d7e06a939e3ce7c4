package dev.jvmws.cli;

import java.io.IOError;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * wscat's input on a terminal, edited with JLine as npm wscat's is with Node's readline: a {@code > }
 * prompt, history on the arrow keys, and lines printed while the user types are drawn above the line
 * being typed, which is redrawn intact ({@link LineReader#printAbove}). Ctrl+C, and Ctrl+D on an empty
 * line, end the input as Node's readline does (its {@code close} event), leaving the typed line on
 * screen followed by a newline, so nothing is glued to it; Ctrl+C does so at any time, also while
 * wscat starts or connects.
 *
 * <p>A typed line is sent as typed: no history expansion ({@code !}), no continuation lines for
 * unbalanced quotes or a trailing backslash, and a pasted newline is Enter (one message per line, as
 * with readline), not a multi-line edit.
 *
 * <p>Thread-safe: lines may be printed from any thread while the input thread reads.
 */
final class WscatLineReader implements AutoCloseable {
    /** Erase the whole line and return to its start: npm wscat's {@code clear()} before it exits. */
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final Terminal terminal;
    private final LineReader reader;
    private volatile String prompt = "";
    /** Runs the end of input once: from the reading thread, or from Ctrl+C outside a readLine. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean interrupted;
    private volatile Runnable onEnd;

    WscatLineReader(Terminal terminal) {
        this.terminal = terminal;
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.BRACKETED_PASTE, false)
                .option(LineReader.Option.INSERT_TAB, true)
                .build();
        // Raw from the start, not only inside readLine (which restores what it found): the kernel then
        // never echoes a key itself (no '^C', no line typed ahead shown twice, no Ctrl+D taken as the
        // cooked end-of-file between two lines); close() gives back the attributes found. Ctrl+C stays a
        // signal (ISIG): outside a readLine it reaches the handler below, inside it JLine's own.
        terminal.enterRawMode();
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        // Each readLine takes the prompt current when it starts drawing (under the reader's lock), so a
        // prompting() change that lands while a readLine is starting is not lost.
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            if (reader instanceof LineReaderImpl editor) {
                editor.setPrompt(prompt);
            }
            return true;
        });
    }

    /**
     * The process's terminal, when stdin and stdout both are one and JLine can drive it (its JNI
     * provider); null otherwise, and wscat then reads and prints plain streams.
     */
    static Terminal systemTerminal() {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).jni(true)
                    // No probing queries at start (DECRQM, DA1): their answers would arrive as typed input.
                    .graphemeCluster(false).build();
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return null;
            }
            return terminal;
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Starts reading lines on a daemon thread: each goes to {@code onLine}; then {@code onEnd} runs
     * once, at Ctrl+C, at Ctrl+D on an empty line, or when the terminal goes away.
     */
    void start(Consumer<String> onLine, Runnable onEnd) {
        this.onEnd = onEnd;
        if (interrupted) {
            end();
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    onLine.accept(reader.readLine(prompt));
                }
            } catch (UserInterruptException | EndOfFileException e) {
                // Ctrl+C or Ctrl+D: JLine has ended the typed line with a newline.
            } catch (IOError | IllegalStateException e) {
                // The terminal was closed under the reader: the same as end of input.
            } finally {
                end();
            }
        }, "wscat-terminal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ctrl+C while no readLine runs (wscat starting, connecting, or between two lines). */
    private void interrupt() {
        interrupted = true;
        if (onEnd != null) {
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    /** Prints {@code line} (no line break) above the line being typed, or at the cursor when none is. */
    void printAbove(String line) {
        reader.printAbove(line);
    }

    /**
     * Sets the prompt, {@code > } while input goes somewhere and empty while it does not (listen mode
     * without a client, as npm wscat shows); a line being typed is redrawn with it.
     */
    void prompting(boolean on) {
        String next = on ? WscatOutput.PROMPT : "";
        if (next.equals(prompt)) {
            return;
        }
        prompt = next;
        if (reader instanceof LineReaderImpl editor && reader.isReading()) {
            try {
                editor.setPrompt(next);
                editor.callWidget(LineReader.REDRAW_LINE);
                editor.callWidget(LineReader.REDISPLAY);
            } catch (IllegalStateException e) {
                // Reading ended meanwhile; the next readLine takes the new prompt.
            }
        }
    }

    /**
     * Wipes a line still being edited (npm wscat clears it before exiting) and gives the terminal back
     * in the state it was found.
     */
    @Override
    public void close() {
        if (reader.isReading()) {
            terminal.writer().print(ERASE_LINE);
            terminal.flush();
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Exiting anyway; nothing more to restore.
        }
    }
}
