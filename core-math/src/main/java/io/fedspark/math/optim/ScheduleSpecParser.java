package io.fedspark.math.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the spec strings of {@link LearningRateSchedule}: {@code name} or
 * {@code name(key=value, ...)}, where a value is a number or a bracketed list of integers.
 * Every required key must be present exactly once and no other key is accepted.
 */
final class ScheduleSpecParser {

    private static final String FORMS = "expected one of constant, multistep(milestones=[m1,m2,...], gamma=g),"
            + " cosine(steps=T, floor=f), linear(steps=T, final=f), inverse(a=a, b=b)";

    private final String text;

    private ScheduleSpecParser(String text) {
        this.text = text;
    }

    static LearningRateSchedule parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("learning-rate schedule is null: " + FORMS);
        }
        return new ScheduleSpecParser(text).parse();
    }

    private LearningRateSchedule parse() {
        String s = text.trim();
        int open = s.indexOf('(');
        String name = (open < 0 ? s : s.substring(0, open)).trim().toLowerCase(Locale.ROOT);
        Map<String, String> args;
        if (open < 0) {
            args = Map.of();
        } else {
            if (!s.endsWith(")")) {
                throw error("missing the closing ')'");
            }
            args = arguments(s.substring(open + 1, s.length() - 1));
        }
        try {
            switch (name) {
                case "constant":
                    keys(args, Set.of());
                    return LearningRateSchedule.constant();
                case "multistep":
                    keys(args, Set.of("milestones", "gamma"));
                    return new LearningRateSchedule.MultiStep(longList("milestones", args.get("milestones")),
                            number("gamma", args.get("gamma")));
                case "cosine":
                    keys(args, Set.of("steps", "floor"));
                    return new LearningRateSchedule.Cosine(integer("steps", args.get("steps")),
                            number("floor", args.get("floor")));
                case "linear":
                    keys(args, Set.of("steps", "final"));
                    return new LearningRateSchedule.LinearDecay(integer("steps", args.get("steps")),
                            number("final", args.get("final")));
                case "inverse":
                    keys(args, Set.of("a", "b"));
                    return new LearningRateSchedule.InverseDecay(number("a", args.get("a")), number("b", args.get("b")));
                default:
                    throw error("unknown schedule '" + name + "'");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("learning-rate schedule '")) {
                throw e;
            }
            throw new IllegalArgumentException("learning-rate schedule '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Splits {@code k=v, k=[a,b], ...} at the commas outside brackets. */
    private Map<String, String> arguments(String inner) {
        Map<String, String> args = new LinkedHashMap<>();
        if (inner.isBlank()) {
            return args;
        }
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(inner.substring(start));
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw error("argument '" + part.trim() + "' is not key=value");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (args.put(key, part.substring(eq + 1).trim()) != null) {
                throw error("argument '" + key + "' is given twice");
            }
        }
        return args;
    }

    private void keys(Map<String, String> args, Set<String> expected) {
        for (String key : args.keySet()) {
            if (!expected.contains(key)) {
                throw error("unknown argument '" + key + "', expected " + (expected.isEmpty() ? "none" : expected));
            }
        }
        for (String key : expected) {
            if (!args.containsKey(key)) {
                throw error("missing argument '" + key + "'");
            }
        }
    }

    private double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw error(key + " is '" + value + "', expected a number");
        }
    }

    private long integer(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(key + " is '" + value + "', expected an integer");
        }
    }

    private List<Long> longList(String key, String value) {
        if (!value.startsWith("[") || !value.endsWith("]")) {
            throw error(key + " is '" + value + "', expected a list of steps like [91,136]");
        }
        List<Long> out = new ArrayList<>();
        String inner = value.substring(1, value.length() - 1);
        if (inner.isBlank()) {
            return out;
        }
        for (String item : inner.split(",", -1)) {
            out.add(integer(key + " item", item.trim()));
        }
        return out;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("learning-rate schedule '" + text + "': " + what + "; " + FORMS);
    }
}
