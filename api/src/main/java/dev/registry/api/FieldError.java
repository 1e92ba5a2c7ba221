package dev.registry.api;

/** One violation of the documented limits: which field, and a sentence saying what is wrong. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
