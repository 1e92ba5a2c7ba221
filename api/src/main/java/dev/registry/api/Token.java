package dev.registry.api;

import java.util.regex.Pattern;

/**
 * A name-like string of the data model: 1 to {@code max} characters of one ASCII class, optionally with the
 * first (and the last) character from a narrower class. Service names, instance ids, hosts, zones, tags and
 * metadata keys are all of this shape. They are checked on every write and on every operation a peer
 * sends, so {@link #matches} is a table lookup per character, not a regular expression; {@link #regex()}
 * states the same language as one, for messages, documentation and the test that holds the two equal.
 */
public final class Token {

    private final boolean[] body;
    private final boolean[] first;
    private final boolean[] last;
    private final int max;
    private final String regex;

    private Token(String bodyClass, String firstClass, String lastClass, int max) {
        this.body = parse(bodyClass);
        this.first = firstClass == null ? body : parse(firstClass);
        this.last = lastClass == null ? body : parse(lastClass);
        this.max = max;
        if (firstClass == null) {
            regex = "[" + bodyClass + "]{1," + max + "}";
        } else if (lastClass == null) {
            regex = "[" + firstClass + "][" + bodyClass + "]{0," + (max - 1) + "}";
        } else {
            regex = "[" + firstClass + "]([" + bodyClass + "]{0," + (max - 2) + "}[" + lastClass + "])?";
        }
    }

    /** 1 to {@code max} characters of {@code bodyClass} (the inside of a regex character class, ASCII). */
    public static Token of(String bodyClass, int max) {
        return new Token(bodyClass, null, null, max);
    }

    /** As {@link #of}, the first character from {@code firstClass}. */
    public static Token startingWith(String firstClass, String bodyClass, int max) {
        return new Token(bodyClass, firstClass, null, max);
    }

    /** As {@link #of}, the first and the last character from {@code edgeClass}. */
    public static Token withEdges(String edgeClass, String bodyClass, int max) {
        return new Token(bodyClass, edgeClass, edgeClass, max);
    }

    public boolean matches(CharSequence s) {
        int n = s == null ? 0 : s.length();
        if (n == 0 || n > max || !in(first, s.charAt(0))) {
            return false;
        }
        if (n > 1 && !in(last, s.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            if (!in(body, s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public int max() {
        return max;
    }

    /** The same language as a regular expression. */
    public String regex() {
        return regex;
    }

    /** The same language compiled, for callers that need a {@link Pattern}. */
    public Pattern pattern() {
        return Pattern.compile(regex);
    }

    @Override
    public String toString() {
        return regex;
    }

    private static boolean in(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    /** Parses a character-class body of single ASCII characters, ranges {@code a-z} and escapes {@code \]}. */
    private static boolean[] parse(String cls) {
        boolean[] set = new boolean[128];
        for (int i = 0; i < cls.length(); i++) {
            char c = cls.charAt(i);
            if (c == '\\') {
                c = cls.charAt(++i);
            } else if (i + 2 < cls.length() && cls.charAt(i + 1) == '-') {
                char to = cls.charAt(i + 2);
                for (char x = c; x <= to; x++) {
                    set[x] = true;
                }
                i += 2;
                continue;
            }
            set[c] = true;
        }
        return set;
    }
}
