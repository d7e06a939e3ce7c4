package dev.jvmws.internal.conn;

import dev.jvmws.extension.ZlibStreams;
import java.util.concurrent.Semaphore;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A loop's zlib streams with ws's {@code concurrencyLimit}: each piece of zlib work takes one of the
 * permits shared by every connection made with the same options (on whichever loop), so at most that
 * many run at once. One per compressed connection; the streams are the loop's.
 */
final class LimitedZlib implements ZlibStreams {
    private final ZlibStreams streams;
    private final Semaphore permits;

    LimitedZlib(ZlibStreams streams, Semaphore permits) {
        this.streams = streams;
        this.permits = permits;
    }

    @Override
    public void beginWork() {
        permits.acquireUninterruptibly();
    }

    @Override
    public void endWork() {
        permits.release();
    }

    @Override
    public Deflater deflater(Object owner, int level, int strategy) {
        return streams.deflater(owner, level, strategy);
    }

    @Override
    public Deflater huffmanOnlyDeflater() {
        return streams.huffmanOnlyDeflater();
    }

    @Override
    public boolean deflaterHeldBy(Object owner) {
        return streams.deflaterHeldBy(owner);
    }

    @Override
    public void disown(Object owner) {
        streams.disown(owner);
    }

    @Override
    public Inflater borrowInflater() {
        return streams.borrowInflater();
    }

    @Override
    public void returnInflater(Inflater inflater) {
        streams.returnInflater(inflater);
    }

    @Override
    public byte[] scratch(int bytes) {
        return streams.scratch(bytes);
    }

    @Override
    public byte[] inflateScratch(int bytes) {
        return streams.inflateScratch(bytes);
    }

    @Override
    public void close() {
        // the loop's streams: the loop ends them
    }
}
