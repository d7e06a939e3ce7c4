package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/** A fresh {@link FrameParser} feeding a fresh {@link MessageAssembler} that reports to an {@link EventRecorder}. */
final class Receiver {
    final EventRecorder events = new EventRecorder();
    final MessageAssembler assembler;
    final FrameParser parser;

    Receiver(Role role) {
        this(role, limits -> limits);
    }

    Receiver(Role role, UnaryOperator<MessageAssembler.Limits> configure) {
        MessageAssembler.Limits limits = configure.apply(MessageAssembler.Limits.DEFAULTS);
        assembler = new MessageAssembler(events, limits, role.masked());
        parser = new FrameParser(assembler);
    }

    /**
     * Parses one piece. The parser may only stop early once the assembler is finished (close frame or
     * violation); the rest is then offered again, as a transport that keeps reading would, to check that
     * nothing more is delivered.
     */
    Receiver feed(ByteBuffer piece) {
        parser.parse(piece);
        if (piece.hasRemaining()) {
            assertThat(assembler.isFinished())
                    .as("parser stopped with %d bytes left though the assembler is not finished", piece.remaining())
                    .isTrue();
        }
        while (piece.hasRemaining()) {
            int before = piece.position();
            parser.parse(piece);
            if (piece.position() == before) {
                break;
            }
        }
        parser.parse(piece); // an empty call must not deliver anything either
        return this;
    }

    /** Feeds a heap copy of {@code bytes[from, to)}. */
    Receiver feed(byte[] bytes, int from, int to) {
        return feed(Pieces.HEAP.wrap(bytes, from, to));
    }

    Receiver feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }
}
