package dev.registry.client.call;

import java.io.IOException;

/** Every attempt of a call failed with an I/O error; the cause is the last one. */
public final class CallFailedException extends IOException {

    private final int attempts;

    public CallFailedException(String service, int attempts, IOException last) {
        super("call to " + service + " failed after " + attempts + " attempt(s): " + last.getMessage(), last);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
