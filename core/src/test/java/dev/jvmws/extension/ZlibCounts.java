package dev.jvmws.extension;

/** The process-wide counts of zlib streams not yet ended, for leak checks in tests of other packages. */
public final class ZlibCounts {
    private ZlibCounts() {}

    public static int liveInflaters() {
        return ZlibPool.liveInflaters();
    }

    public static int liveDeflaters() {
        return ZlibPool.liveDeflaters();
    }
}
