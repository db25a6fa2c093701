package io.aimux.guard.content;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One compiled guard pattern.
 *
 * @param id stable name, used in config keys, metrics and {@code [REDACTED:<id>]}
 * @param category its family
 * @param regex RE2 expression, matched against normalised text
 * @param defaultAction what it does unless configured otherwise
 * @param stages where it is looked for
 * @param anchors lowercase literals of which every match contains at least one; the pattern only
 *     runs on text holding one of them (empty: it always runs)
 * @param lead how far before an anchor a match may start
 * @param maxLength the longest match; bounds how much streamed text is held back for it
 * @param tail characters after a match's end that may still change it (greedy tails, optional suffixes)
 * @param group the capturing group that is redacted (0: the whole match)
 * @param validator checks the redacted group's text (Luhn, IBAN checksum…); null accepts every match
 * @param prefilter a cheap test the whole text must pass before the expression runs; null for none
 * @param description what it matches, for the docs
 */
public record GuardPattern(String id, GuardCategory category, Pattern regex, GuardAction defaultAction,
        Set<GuardStage> stages, List<String> anchors, int lead, int maxLength, int tail, int group,
        Predicate<String> validator, Predicate<String> prefilter, String description) {

    public boolean accepts(String value) {
        return validator == null || validator.test(value);
    }
}
