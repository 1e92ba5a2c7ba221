package dev.registry.chaos.history;

/**
 * Jepsen's op types. INFO is the indeterminate completion: a timeout or a lost connection after
 * the request may have been sent, so the operation may or may not take effect, at any later time.
 */
public enum OpType {
    INVOKE, OK, FAIL, INFO
}
