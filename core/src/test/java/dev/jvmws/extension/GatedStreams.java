package dev.jvmws.extension;

import java.util.concurrent.Semaphore;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** A pool whose zlib work takes a permit of {@code permits}, as the library bounds it (concurrencyLimit). */
final class GatedStreams implements ZlibStreams {
    private final ZlibStreams streams;
    private final Semaphore permits;

    GatedStreams(ZlibStreams streams, Semaphore permits) {
        this.streams = streams;
        this.permits = permits;
    }

    @Override public void beginWork() { permits.acquireUninterruptibly(); }
    @Override public void endWork() { permits.release(); }
    @Override public Deflater deflater(Object owner, int level, int strategy) { return streams.deflater(owner, level, strategy); }
    @Override public Deflater huffmanOnlyDeflater() { return streams.huffmanOnlyDeflater(); }
    @Override public boolean deflaterHeldBy(Object owner) { return streams.deflaterHeldBy(owner); }
    @Override public void disown(Object owner) { streams.disown(owner); }
    @Override public Inflater borrowInflater() { return streams.borrowInflater(); }
    @Override public void returnInflater(Inflater inflater) { streams.returnInflater(inflater); }
    @Override public byte[] scratch(int bytes) { return streams.scratch(bytes); }
    @Override public byte[] inflateScratch(int bytes) { return streams.inflateScratch(bytes); }
    @Override public void close() { streams.close(); }
}
