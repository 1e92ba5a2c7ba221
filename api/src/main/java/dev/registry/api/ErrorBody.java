package dev.registry.api;

/** Every error answer: a stable machine code and a sentence for people, naming the field when one is at fault. */
public record ErrorBody(String error, String message) {
}
