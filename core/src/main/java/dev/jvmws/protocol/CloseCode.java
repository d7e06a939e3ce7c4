package dev.jvmws.protocol;

/**
 * Close status codes (RFC 6455 §7.4) named after the RFC's wording, and the rules for which of them
 * may appear on the wire.
 *
 * <p>Stateless; safe from any thread.
 */
public final class CloseCode {
    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: reported locally when a close frame carried no status code. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** Never on the wire: reported locally when the connection ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    public static final int INVALID_PAYLOAD_DATA = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;
    /** Never on the wire: reported locally when the TLS handshake failed. */
    public static final int TLS_HANDSHAKE = 1015;

    /** RFC 6455 §5.5.1: a close reason must fit the 125-byte control payload with its 2-byte code. */
    public static final int MAX_REASON_BYTES = Opcode.MAX_CONTROL_PAYLOAD_BYTES - 2;

    private CloseCode() {}

    /**
     * Whether {@code code} may be carried by a close frame, sent or received: the codes RFC 6455
     * §7.4.1 defines for the wire (1000–1003, 1007–1011) plus those registered since in the IANA
     * registry (1012–1014), and the ranges left to libraries and applications (3000–4999). 1004 is
     * reserved; 1005, 1006 and 1015 are for local reporting only.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /** A short English description of a code, for logs and error messages. */
    public static String description(int code) {
        switch (code) {
            case NORMAL_CLOSURE: return "Normal closure";
            case GOING_AWAY: return "Going away";
            case PROTOCOL_ERROR: return "Protocol error";
            case UNSUPPORTED_DATA: return "Unsupported data";
            case NO_STATUS_RECEIVED: return "No status received";
            case ABNORMAL_CLOSURE: return "Abnormal closure";
            case INVALID_PAYLOAD_DATA: return "Invalid payload data";
            case POLICY_VIOLATION: return "Policy violation";
            case MESSAGE_TOO_BIG: return "Message too big";
            case MANDATORY_EXTENSION: return "Mandatory extension";
            case INTERNAL_ERROR: return "Internal error";
            case SERVICE_RESTART: return "Service restart";
            case TRY_AGAIN_LATER: return "Try again later";
            case BAD_GATEWAY: return "Bad gateway";
            case TLS_HANDSHAKE: return "TLS handshake failure";
            default:
                return code >= 3000 && code <= 4999 ? "Application-defined" : "Unknown";
        }
    }
}
