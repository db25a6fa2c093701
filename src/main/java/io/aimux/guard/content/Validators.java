package io.aimux.guard.content;

import java.math.BigInteger;
import java.util.Locale;

/** Checks that turn a shape into a likely real value (checksums, digit counts, placeholders). */
public final class Validators {

    private Validators() {
    }

    /** Digits only, without separators. */
    static String digits(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The Luhn (mod 10) checksum of a string of digits. */
    public static boolean luhn(String digits) {
        if (digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * A payment card number: 13 to 19 digits of a known issuer range (Visa, Mastercard, Amex,
     * Discover, JCB, Diners, UnionPay) that pass Luhn. The issuer check keeps ids and timestamps
     * that happen to pass Luhn (one in ten) out.
     */
    public static boolean card(String text) {
        String d = digits(text);
        if (d.length() < 13 || d.length() > 19 || !luhn(d)) {
            return false;
        }
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4' // Visa
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) // Mastercard
                || two == 34 || two == 37 // Amex
                || d.startsWith("6") // Discover, UnionPay, Maestro
                || two == 35 // JCB
                || two == 30 || two == 36 || two == 38; // Diners
    }

    /** An IBAN: country letters, check digits, 11 to 30 alphanumerics, and the ISO 13616 mod-97 checksum. */
    public static boolean iban(String text) {
        String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** An international phone number: 8 to 15 digits (E.164), balanced parentheses. */
    public static boolean phone(String text) {
        int digits = digits(text).length();
        int open = text.indexOf('(');
        int close = text.indexOf(')');
        boolean parens = (open < 0 && close < 0) || (open >= 0 && close > open && text.indexOf('(', open + 1) < 0);
        return digits >= 8 && digits <= 15 && parens;
    }

    /** A token carries both letters and digits: words and slugs ({@code sk-learn-...}) are no keys. */
    public static boolean mixed(String text) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < text.length() && !(letter && digit); i++) {
            char c = text.charAt(i);
            letter |= Character.isLetter(c);
            digit |= c >= '0' && c <= '9';
        }
        return letter && digit;
    }

    /**
     * The value of a credential assignment: letters and digits, and not an obvious placeholder
     * ({@code changeme}, {@code xxxx}, {@code your_api_key}) or an expression.
     */
    public static boolean credentialValue(String value) {
        if (!mixed(value)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String placeholder : new String[] {"xxxx", "****", "your", "changeme", "example", "placeholder", "redacted", "..."}) {
            if (lower.contains(placeholder)) {
                return false;
            }
        }
        return distinctChars(value) >= 5;
    }

    private static int distinctChars(String value) {
        return (int) value.chars().distinct().limit(5).count();
    }
}
