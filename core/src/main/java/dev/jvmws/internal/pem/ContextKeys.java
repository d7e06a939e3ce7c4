package dev.jvmws.internal.pem;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * The key managers {@code PemSslContext} put into each context it built. An {@link SSLContext} cannot
 * be asked for its keys, yet a client told to trust every certificate (ws's
 * {@code rejectUnauthorized: false} beside {@code cert}/{@code key}, wscat's {@code -n --cert --key})
 * needs a second context with the same keys and a trust manager that checks nothing. Weak keys: a
 * context no one uses any more is forgotten here too. Thread-safe.
 */
public final class ContextKeys {
    private static final Map<SSLContext, KeyManager[]> KEYS = Collections.synchronizedMap(new WeakHashMap<>());

    private ContextKeys() {
    }

    /** Notes that {@code context} was initialised with {@code keyManagers}. */
    public static void remember(SSLContext context, KeyManager[] keyManagers) {
        if (keyManagers != null) {
            KEYS.put(context, keyManagers);
        }
    }

    /** The key managers {@code context} was built with, or null when it has none or was not built by us. */
    public static KeyManager[] of(SSLContext context) {
        return context == null ? null : KEYS.get(context);
    }
}
