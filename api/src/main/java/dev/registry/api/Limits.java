package dev.registry.api;

/**
 * The documented limits of the registry's data model. Anything outside them is refused with a
 * 400 naming the field, and never stored. The numbers are chosen so that one instance stays
 * well under 64 KiB on the wire and a million instances fit a node's heap.
 */
public final class Limits {
    /** Service names are DNS-label-like so they can become hostnames and metric labels. */
    public static final Token SERVICE_NAME = Token.withEdges("a-z0-9", "a-z0-9._-", 64);
    public static final int SERVICE_NAME_MAX = 64;
    /** Instance ids are often pod names, host:port pairs or UUIDs. */
    public static final Token INSTANCE_ID = Token.startingWith("A-Za-z0-9", "A-Za-z0-9._:@-", 128);
    public static final int INSTANCE_ID_MAX = 128;
    /** A DNS name or an IP literal: RFC 1035 caps names at 253 characters. */
    public static final Token HOST = Token.of("A-Za-z0-9._:\\[\\]%-", 253);
    public static final int HOST_MAX = 253;
    public static final int PORT_MIN = 1;
    public static final int PORT_MAX = 65_535;
    /** Weight 0 keeps an instance registered but out of weighted picks. */
    public static final int WEIGHT_MIN = 0;
    public static final int WEIGHT_MAX = 10_000;
    public static final int WEIGHT_DEFAULT = 100;
    public static final Token ZONE = Token.of("A-Za-z0-9._-", 64);
    public static final int TAGS_MAX = 32;
    public static final Token TAG = Token.of("A-Za-z0-9._:/=-", 64);
    public static final int METADATA_MAX_ENTRIES = 32;
    public static final Token METADATA_KEY = Token.of("A-Za-z0-9._/-", 64);
    public static final int METADATA_VALUE_MAX = 512;
    /** Shorter than a second is heartbeat spam; longer than an hour hides dead instances. */
    public static final int TTL_MIN_SECONDS = 1;
    public static final int TTL_MAX_SECONDS = 3_600;
    public static final int TTL_DEFAULT_SECONDS = 30;
    /** Bodies above this are refused before parsing (a batch of 1,000 small instances fits). */
    public static final int BODY_MAX_BYTES = 1 << 20;
    public static final int BATCH_MAX_ITEMS = 1_000;
    /** Health checks: a probe more often than every second costs the owner too much. */
    public static final int CHECK_INTERVAL_MIN_MILLIS = 1_000;
    public static final int CHECK_INTERVAL_MAX_MILLIS = 3_600_000;
    public static final int CHECK_TIMEOUT_MIN_MILLIS = 100;
    public static final int CHECK_THRESHOLD_MAX = 10;
    public static final int CHECK_PATH_MAX = 256;

    private Limits() {
    }
}
