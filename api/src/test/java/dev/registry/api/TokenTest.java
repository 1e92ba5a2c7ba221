package dev.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Token#matches} accepts exactly the language of the documented regular expressions. */
class TokenTest {

    /** The limits as documented (HTTP-API.md), spelled as regular expressions independently of Token. */
    private static final List<Object[]> DOCUMENTED = List.of(
            new Object[] {Limits.SERVICE_NAME, "[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?"},
            new Object[] {Limits.INSTANCE_ID, "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}"},
            new Object[] {Limits.HOST, "[A-Za-z0-9._:\\[\\]%-]{1,253}"},
            new Object[] {Limits.ZONE, "[A-Za-z0-9._-]{1,64}"},
            new Object[] {Limits.TAG, "[A-Za-z0-9._:/=-]{1,64}"},
            new Object[] {Limits.METADATA_KEY, "[A-Za-z0-9._/-]{1,64}"});

    @Provide
    Arbitrary<String> candidates() {
        // Every class boundary and then some: letters of both cases, digits, each punctuation the limits
        // name, characters just outside them, a space, a non-ASCII letter and an emoji's surrogates.
        Arbitrary<Character> chars = Arbitraries.of('a', 'z', 'A', 'Z', '0', '9', 'm', 'Q', '5', '.', '_', '-', ':', '@',
                '/', '=', '%', '[', ']', ' ', '`', '{', '\\', '^', '\u00e9', '\ud83d', '\ude00', '\u0000', '\u007f');
        Arbitrary<String> shortOnes = chars.list().ofMinSize(0).ofMaxSize(6).map(TokenTest::join);
        Arbitrary<String> longOnes = chars.list().ofMinSize(60).ofMaxSize(260).map(TokenTest::join);
        Arbitrary<String> nearlyValidLong = Arbitraries.strings().withChars("abc019").ofMinLength(60).ofMaxLength(260);
        return Arbitraries.oneOf(shortOnes, longOnes, nearlyValidLong);
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder();
        chars.forEach(b::append);
        return b.toString();
    }

    @Property(tries = 3_000)
    void everyLimitAcceptsWhatItsRegularExpressionAccepts(@ForAll("candidates") String s) {
        for (Object[] limit : DOCUMENTED) {
            Token token = (Token) limit[0];
            boolean documented = Pattern.compile((String) limit[1]).matcher(s).matches();
            assertEquals(documented, token.matches(s), () -> token + " on '" + s + "'");
            assertEquals(documented, token.pattern().matcher(s).matches(), () -> token.regex() + " on '" + s + "'");
        }
    }

    @Example
    void lengthLimitsAndEdgesHoldExactly() {
        assertTrue(Limits.SERVICE_NAME.matches("a".repeat(64)));
        assertFalse(Limits.SERVICE_NAME.matches("a".repeat(65)));
        assertTrue(Limits.HOST.matches("h".repeat(253)));
        assertFalse(Limits.HOST.matches("h".repeat(254)));
        assertFalse(Limits.SERVICE_NAME.matches("a-"));
        assertTrue(Limits.SERVICE_NAME.matches("a"));
        assertFalse(Limits.INSTANCE_ID.matches("-a"));
        assertTrue(Limits.INSTANCE_ID.matches("a-"));
        assertFalse(Limits.ZONE.matches(null));
        assertFalse(Limits.ZONE.matches(""));
    }
}
