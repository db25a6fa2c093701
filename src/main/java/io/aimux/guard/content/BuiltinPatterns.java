package io.aimux.guard.content;

import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The built-in patterns, compiled once. Secrets default to {@code redact}, everything else to
 * {@code flag}, so ordinary coding sessions (full of {@code ../}, {@code exec(}, {@code <script>})
 * pass unchanged. Every quantifier is bounded so a match has a known longest span, which bounds
 * the text held back from a stream.
 */
public final class BuiltinPatterns {

    private static final Set<GuardStage> EVERYWHERE = GuardStage.ALL;
    private static final Set<GuardStage> CONTENT = EnumSet.of(GuardStage.REQUEST, GuardStage.RESPONSE, GuardStage.TOOL_CALL, GuardStage.LOG);
    private static final Set<GuardStage> PROMPT = EnumSet.of(GuardStage.REQUEST);
    private static final Set<GuardStage> TOOL_ARGUMENTS = EnumSet.of(GuardStage.TOOL_CALL);
    private static final Set<GuardStage> DASHBOARD = EnumSet.of(GuardStage.LOG);

    /** Cheap tests for patterns without (selective) anchor literals, so most text never reaches their expression. */
    private static final java.util.Map<String, Predicate<String>> PREFILTERS = java.util.Map.of(
            "credit-card", text -> digitRun(text, 13),
            "iban", BuiltinPatterns::ibanStart,
            "phone-number", BuiltinPatterns::plusDigit);

    private static final List<GuardPattern> ALL = build();

    private BuiltinPatterns() {
    }

    public static List<GuardPattern> all() {
        return ALL;
    }

    private static List<GuardPattern> build() {
        List<GuardPattern> p = new ArrayList<>();
        // ---- secrets: redact ----
        p.add(secret("anthropic-key", "\\bsk-ant-[A-Za-z0-9_\\-]{20,200}", List.of("sk-ant-"), 0, 208, 1, 0,
                Validators::mixed, "Anthropic API and admin keys (`sk-ant-…`)"));
        p.add(secret("openai-key", "\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,200}", List.of("sk-"), 0, 215, 1, 0,
                key -> Validators.mixed(key) && !key.startsWith("sk-ant-"), "OpenAI keys (`sk-…`, `sk-proj-…`, service-account and admin keys)"));
        p.add(secret("aws-access-key-id", "\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b", List.of("akia", "asia", "abia", "acca"),
                0, 20, 1, 0, null, "AWS access key ids (`AKIA…`, `ASIA…`)"));
        p.add(secret("aws-secret-key",
                "(?i)\\b(?:aws[_\\-]?)?secret[_\\-]?access[_\\-]?key[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?([A-Za-z0-9/+]{40})",
                List.of("secret_access", "secret-access", "secretaccess"), 4, 80, 1, 1, Validators::mixed,
                "AWS secret access keys in an assignment (`aws_secret_access_key = …`)"));
        p.add(secret("github-token", "\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,251}\\b",
                List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), 0, 255, 1, 0, null,
                "GitHub personal, OAuth, app and refresh tokens (`ghp_…`, `gho_…`)"));
        p.add(secret("github-fine-grained-token", "\\bgithub_pat_[A-Za-z0-9_]{22,244}", List.of("github_pat_"), 0, 255, 1, 0,
                null, "GitHub fine-grained personal access tokens (`github_pat_…`)"));
        p.add(secret("google-api-key", "\\bAIza[0-9A-Za-z_\\-]{35}", List.of("aiza"), 0, 39, 1, 0, null,
                "Google API keys (`AIza…`)"));
        p.add(secret("slack-token", "\\bxox[baprs]-[A-Za-z0-9\\-]{10,250}", List.of("xox"), 0, 255, 1, 0, Validators::mixed,
                "Slack bot, user, app and refresh tokens (`xoxb-…`, `xoxp-…`)"));
        p.add(secret("slack-webhook", "https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\\-]{20,200}",
                List.of("hooks.slack.com"), 8, 240, 1, 0, null, "Slack incoming-webhook URLs"));
        p.add(secret("stripe-key", "\\b[sr]k_live_[A-Za-z0-9]{16,200}", List.of("sk_live_", "rk_live_"), 0, 208, 1, 0, null,
                "Stripe live secret and restricted keys (`sk_live_…`, `rk_live_…`)"));
        p.add(secret("private-key",
                "-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                        + "(?:\\s{0,4}[A-Za-z\\-]{1,40}:[^\\r\\n]{0,200}){0,4}"
                        + "(?:\\s{0,4}[A-Za-z0-9+/=]{8,100}){0,120}"
                        + "(?:\\s{0,4}-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----)?",
                List.of("-----begin"), 0, 14_000, 80, 0, null,
                "PEM and PGP private key blocks (header, body and footer)"));
        p.add(secret("jwt", "\\beyJ[A-Za-z0-9_\\-]{8,1000}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,1000}",
                List.of("eyj"), 0, 6_010, 1, 0, null, "JSON Web Tokens (three base64url parts, header and payload `eyJ…`)"));
        p.add(secret("generic-credential",
                "(?i)(?:password|passwd|secret|api[_\\-]?key|access[_\\-]?token|auth[_\\-]?token)[A-Za-z0-9_\\-]{0,20}"
                        + "[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?([^\\s\"'`;,(){}<>$\\[\\]\\\\]{12,200})",
                List.of("password", "passwd", "secret", "api_key", "api-key", "apikey", "access_token", "access-token",
                        "accesstoken", "auth_token", "auth-token", "authtoken"),
                0, 240, 1, 1, Validators::credentialValue,
                "credential assignments with a long literal value (`password=…`, `api_key: \"…\"`, `SECRET=…`)"));
        // ---- personal data: flag ----
        p.add(pattern("credit-card", GuardCategory.PII, "\\b(?:\\d[ \\-]?){12,18}\\d\\b", List.of(), 0, 40, 2, 0,
                Validators::card, CONTENT, "payment card numbers of known issuers that pass the Luhn check"));
        p.add(pattern("iban", GuardCategory.PII, "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b", List.of(), 0, 45, 2,
                0, Validators::iban, CONTENT, "IBANs that pass the ISO 13616 mod-97 checksum"));
        p.add(pattern("email", GuardCategory.PII,
                "\\b[A-Za-z0-9._%+\\-]{1,64}@(?:[A-Za-z0-9\\-]{1,63}\\.){1,6}[A-Za-z]{2,24}\\b", List.of("@"), 64, 480, 2, 0,
                null, CONTENT, "email addresses"));
        p.add(pattern("phone-number", GuardCategory.PII, "(?:^|[^A-Za-z0-9_+])(\\+[1-9][0-9 ().\\-]{6,22}[0-9])\\b",
                List.of("+"), 1, 27, 2, 1, Validators::phone, CONTENT,
                "international phone numbers (`+` and 8 to 15 digits, E.164 shape)"));
        // ---- prompt injection: flag ----
        p.add(pattern("ignore-instructions", GuardCategory.INJECTION,
                "(?i)\\b(?:ignore|disregard|forget|override|bypass)\\s{1,3}(?:(?:all|any|the|your|my|these|those|previous|prior|above|earlier|preceding|system|safety)\\s{1,3}){1,4}"
                        + "(?:instructions?|prompts?|rules|directions|guidelines|guardrails|policies|context)\\b",
                List.of("ignore", "disregard", "forget", "override", "bypass"), 0, 120, 1, 0, null, PROMPT,
                "\"ignore all previous instructions\" and its family"));
        p.add(pattern("role-markers", GuardCategory.INJECTION,
                "(?i)<\\|(?:im_start|im_end|system|user|assistant|start_header_id|end_header_id|eot_id|endoftext)\\|>|\\[/?INST\\]|<</?SYS>>",
                List.of("<|", "[inst]", "[/inst]", "<<sys>>", "<</sys>>"), 0, 24, 1, 0, null, PROMPT,
                "chat-template role markers inside content (`<|im_start|>`, `[INST]`, `<<SYS>>`)"));
        p.add(pattern("role-override", GuardCategory.INJECTION,
                "(?i)\\b(?:you\\s{1,3}are\\s{1,3}now\\s{1,3}(?:in\\s{1,3})?(?:DAN|developer\\s{1,3}mode|jailbroken|unrestricted|unfiltered)"
                        + "|new\\s{1,3}system\\s{1,3}prompt\\s{0,3}:|(?:enable|activate|enter)\\s{1,3}(?:developer|god|jailbreak|dan)\\s{1,3}mode)\\b",
                List.of("now", "prompt", "mode"), 40, 60, 1, 0, null, PROMPT,
                "persona and system-prompt overrides (\"you are now DAN\", \"new system prompt:\")"));
        p.add(pattern("exfiltration-request", GuardCategory.INJECTION,
                "(?i)\\b(?:send|post|upload|exfiltrate|leak|forward)\\s{1,3}(?:(?:the|all|any|your|my|of)\\s{1,3}){0,3}"
                        + "(?:api\\s{1,3}keys?|credentials|secrets|passwords|tokens|environment\\s{1,3}variables|\\.env\\s{1,3}files?|ssh\\s{1,3}keys?)\\s{1,3}to\\b",
                List.of("send", "post", "upload", "exfiltrate", "leak", "forward"), 0, 100, 1, 0, null, PROMPT,
                "instructions to send keys, credentials or environment variables somewhere"));
        // ---- tool-call arguments: flag ----
        p.add(pattern("shell-destructive", GuardCategory.TOOL,
                "\\brm\\s{1,3}(?:-[A-Za-z]{1,6}\\s{1,3}){0,3}-(?:[A-Za-z]{0,4}r[A-Za-z]{0,4}f|[A-Za-z]{0,4}f[A-Za-z]{0,4}r)[A-Za-z]{0,4}\\s{1,3}(?:--no-preserve-root\\s{1,3})?(?:/\\*?|~/?|\\$HOME/?)(?:\\s|;|&|\\||$)"
                        + "|\\bmkfs(?:\\.[a-z0-9]{1,8})?\\s|\\bdd\\s[^\\n]{0,100}\\bof=/dev/(?:sd|nvme|hd|disk)|:\\(\\)\\s{0,2}\\{\\s{0,2}:\\|:\\s{0,2}&\\s{0,2}\\}",
                List.of("rm", "mkfs", "of=/dev/", ":|:"), 110, 130, 1, 0, null, TOOL_ARGUMENTS,
                "destructive shell commands (`rm -rf /`, `mkfs`, `dd of=/dev/sda`, fork bombs)"));
        p.add(pattern("shell-remote-exec", GuardCategory.TOOL,
                "(?i)\\b(?:curl|wget)\\s[^\\n|;&]{0,300}\\|\\s{0,3}(?:sudo\\s{1,3})?(?:ba|z|da|k)?sh\\b|\\$\\(\\s{0,3}(?:curl|wget)\\s",
                List.of("curl", "wget"), 2, 320, 1, 0, null, TOOL_ARGUMENTS,
                "downloaded code run by a shell (`curl … | sh`, `$(curl …)`)"));
        p.add(pattern("shell-chained-command", GuardCategory.TOOL,
                "(?:;|&&|\\|\\||\\$\\(|`)\\s{0,3}(?:rm|curl|wget|nc|ncat|netcat|chmod|chown|mkfifo|base64\\s{1,3}-d|python[0-9.]{0,4}\\s{1,3}-c|perl\\s{1,3}-e)\\s",
                List.of(";", "&&", "||", "$(", "`"), 0, 30, 1, 0, null, TOOL_ARGUMENTS,
                "shell metacharacters chaining a network, permission or deletion command (`; rm `, `$(curl `)"));
        p.add(pattern("path-traversal", GuardCategory.TOOL,
                "(?:\\.\\.[/\\\\]){1,16}(?:[^\\s\"'/\\\\]{1,64}[/\\\\]){0,6}(?:etc[/\\\\](?:passwd|shadow|sudoers|hosts)|\\.ssh[/\\\\]|\\.aws[/\\\\]|\\.env\\b|proc[/\\\\]self[/\\\\]environ|\\.git[/\\\\]config|windows[/\\\\]system32)",
                List.of("../", "..\\"), 0, 500, 1, 0, null, TOOL_ARGUMENTS,
                "`../` sequences reaching sensitive files (`../../etc/passwd`, `.ssh/`, `.env`)"));
        p.add(pattern("sensitive-file", GuardCategory.TOOL,
                "(?i)/etc/(?:shadow|sudoers|passwd)\\b|~?/\\.ssh/(?:id_[a-z0-9]{2,10}|authorized_keys)\\b|~?/\\.aws/credentials\\b|/proc/self/environ\\b|~?/\\.docker/config\\.json\\b|~?/\\.kube/config\\b",
                List.of("/etc/", "/.ssh/", "/.aws/", "/proc/self/", "/.docker/", "/.kube/"), 2, 40, 1, 0, null, TOOL_ARGUMENTS,
                "absolute paths of credential files (`/etc/shadow`, `~/.ssh/id_rsa`, `~/.aws/credentials`)"));
        p.add(pattern("ssrf-metadata", GuardCategory.TOOL,
                "169\\.254\\.169\\.254|(?i:\\bmetadata\\.google\\.internal\\b)|(?i:\\bfd00:ec2::254\\b)|\\b100\\.100\\.100\\.200\\b|(?i:\\bmetadata\\.azure\\.com\\b)",
                List.of("169.254.169.254", "metadata.google.internal", "fd00:ec2::254", "100.100.100.200", "metadata.azure.com"),
                0, 24, 1, 0, null, TOOL_ARGUMENTS, "cloud metadata endpoints (`169.254.169.254`, `metadata.google.internal`)"));
        p.add(pattern("ssrf-private-address", GuardCategory.TOOL,
                "(?i)\\b[a-z][a-z0-9+.\\-]{1,15}://(?:[^\\s/@]{1,100}@)?(?:localhost|127(?:\\.\\d{1,3}){3}|10(?:\\.\\d{1,3}){3}|192\\.168(?:\\.\\d{1,3}){2}"
                        + "|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2}|169\\.254(?:\\.\\d{1,3}){2}|0\\.0\\.0\\.0|\\[::1?\\]|\\[f[cd][0-9a-f:]{0,37}\\])(?:[:/?#\\s]|$)",
                List.of("://"), 16, 160, 1, 0, null, TOOL_ARGUMENTS,
                "URLs to loopback, private, link-local or unspecified addresses"));
        p.add(pattern("url-scheme", GuardCategory.TOOL,
                "(?i)\\b(?:file|gopher|dict|ldap|jar|netdoc|javascript|vbscript):[^\\s\"'<>]{1,200}|\\bdata:text/html[;,]",
                List.of("file:", "gopher:", "dict:", "ldap:", "jar:", "netdoc:", "javascript:", "vbscript:", "data:text/html"),
                0, 212, 1, 0, null, TOOL_ARGUMENTS, "dangerous URL schemes (`file:`, `gopher:`, `javascript:`, `data:text/html`)"));
        // ---- markup bound for the dashboard: flag ----
        p.add(pattern("html-script", GuardCategory.OUTPUT, "(?i)<\\s{0,3}/?\\s{0,3}script\\b", List.of("script"), 7, 15, 1, 0,
                null, DASHBOARD, "`<script` tags"));
        p.add(pattern("html-event-handler", GuardCategory.OUTPUT,
                "(?i)<[a-z][a-z0-9\\-]{0,20}\\b[^<>]{0,300}?[\\s/\"']on[a-z]{3,30}\\s{0,3}=", List.of("on"), 330, 370, 1, 0, null,
                DASHBOARD, "HTML tags with event-handler attributes (`<img onerror=`)"));
        p.add(pattern("javascript-url", GuardCategory.OUTPUT, "(?i)\\b(?:javascript|vbscript|livescript)\\s{0,3}:",
                List.of("javascript", "vbscript", "livescript"), 0, 14, 1, 0, null, DASHBOARD, "`javascript:` URLs"));
        p.add(pattern("html-active-element", GuardCategory.OUTPUT,
                "(?i)<\\s{0,3}(?:iframe|object|embed|base|form|meta\\s{1,3}http-equiv|svg|math|link\\s[^>]{0,100}rel\\s{0,3}=\\s{0,3}[\"']?import)\\b",
                List.of("iframe", "object", "embed", "base", "form", "meta", "svg", "math", "link"), 4, 140, 1, 0, null,
                DASHBOARD, "active HTML elements (`<iframe`, `<object`, `<svg`, `<meta http-equiv`)"));
        return List.copyOf(p);
    }

    private static GuardPattern secret(String id, String regex, List<String> anchors, int lead, int maxLength, int tail,
            int group, Predicate<String> validator, String description) {
        return new GuardPattern(id, GuardCategory.SECRET, Pattern.compile(regex), GuardAction.REDACT, EVERYWHERE, anchors,
                lead, maxLength, tail, group, validator, null, description);
    }

    private static GuardPattern pattern(String id, GuardCategory category, String regex, List<String> anchors, int lead,
            int maxLength, int tail, int group, Predicate<String> validator, Set<GuardStage> stages, String description) {
        return new GuardPattern(id, category, Pattern.compile(regex), GuardAction.FLAG, stages, anchors, lead, maxLength,
                tail, group, validator, PREFILTERS.get(id), description);
    }

    /** Whether {@code text} holds {@code n} digits in a row, single spaces or dashes between them allowed. */
    static boolean digitRun(String text, int n) {
        int run = 0;
        boolean separator = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= n) {
                    return true;
                }
                separator = false;
            } else if ((c == ' ' || c == '-') && run > 0 && !separator) {
                separator = true;
            } else {
                run = 0;
                separator = false;
            }
        }
        return false;
    }

    /** Whether a {@code +} is followed by a digit 1-9, as every E.164 number starts. */
    static boolean plusDigit(String text) {
        for (int i = text.indexOf('+'); i >= 0 && i + 1 < text.length(); i = text.indexOf('+', i + 1)) {
            char c = text.charAt(i + 1);
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} holds two capitals followed by two digits, as every IBAN starts. */
    static boolean ibanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            char a = text.charAt(i + 2);
            if (a >= '0' && a <= '9') {
                char b = text.charAt(i + 3);
                if (b >= '0' && b <= '9' && isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
