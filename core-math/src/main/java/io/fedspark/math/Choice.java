package io.fedspark.math;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A closed choice spelled in configuration files, model files and on the command line: every enum
 * a user can name implements this, so each is parsed one way. The spelling is the constant's name
 * in lower case with '-' for '_' (e.g. {@code TRIMMED_MEAN} is {@code trimmed-mean}) unless the
 * enum overrides implements Choice {@link #configName()}.
 */
public interface Choice {
    /** The constant's enum name (implemented by every enum). */
    String name();

    /** The spelling users write, e.g. {@code "fashion-mnist"}. */
    default String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant spelled {@code text} (any case, surrounding blanks ignored).
     *
     * @param source where the text came from, for the message (a configuration key, a file)
     * @throws IllegalArgumentException "source = 'text': expected one of a | b | c"
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String text, String source) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.configName().equals(t)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(
                source + " = " + (text == null ? "null" : "'" + text + "'") + ": expected one of " + allowed(type));
    }

    /** "a | b | c": every spelling of {@code type}, in declaration order. */
    static <E extends Enum<E> & Choice> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::configName).collect(Collectors.joining(" | "));
    }
}
