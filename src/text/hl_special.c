/* hl_special — the rules a definition switches on by name (see hl_lang.h):
 * line rules (diff lines, headings, sections, document markers), shell
 * here-documents, console prompts, YAML (block scalars, indicators, plain
 * scalars and keys) and markup tags. Each consumes what it scans. */
#include "hl_lang.h"

#include <string.h>

/* ---- line rules: a prefix at the start of a line ---- */

bool hl_rule_line(hl_scanner *sc)
{
    const struct hl_lang *l = sc->lang;
    if (sc->line_tokens) return false;
    for (size_t k = 0; k < l->n_line_rules; k++) {
        const hl_line_rule *r = &l->line_rules[k];
        if ((!r->indent && sc->pos != sc->line_start) || !hl_starts_with(sc, sc->pos, r->start)) continue;
        size_t after = sc->pos + strlen(r->start), eol = hl_line_end(sc, sc->pos), end = after;
        if (r->blank_after && !hl_blank_or_end(sc, after)) continue;
        if (r->scope == HL_SCOPE_LINE) {
            end = eol;
        } else if (r->scope == HL_SCOPE_END) {
            size_t i = after;
            while (i < eol && !hl_starts_with(sc, i, r->end)) i++;
            if (i >= eol) continue; /* not closed on its line: not this rule */
            end = i + strlen(r->end);
        }
        if (r->scope == HL_SCOPE_PREFIX) sc->flow = 0; /* YAML: a document marker ends any flow context */
        return hl_take(sc, end, r->kind);
    }
    return false;
}

/* ---- shell here-documents ---- */

/* <<EOF, <<-'EOF': the operator and the delimiter; the body follows from the next line. */
bool hl_rule_heredoc(hl_scanner *sc)
{
    size_t op = sc->pos + strlen("<<");
    if (!hl_starts_with(sc, sc->pos, "<<") || hl_at(sc, op) == '<') return false;
    bool strip = hl_at(sc, op) == '-';
    op += strip;
    size_t d = hl_skip_blanks(sc, op);
    char q = hl_at(sc, d);
    bool quoted = q == '\'' || q == '"';
    size_t w = d + (quoted || q == '\\');
    if (!hl_is_alpha((unsigned char)hl_at(sc, w)) && hl_at(sc, w) != '_') return false;
    size_t we = w;
    while (hl_is_ascii_word((unsigned char)hl_at(sc, we))) we++;
    hl_take(sc, op, HL_OPERATOR);
    sc->pos = d;
    hl_take(sc, we + (quoted && hl_at(sc, we) == q), HL_STRING);
    if (!sc->hd_len) {
        sc->hd_start = w;
        sc->hd_len = we - w;
        sc->hd_strip = strip;
        sc->hd_line = sc->line_start;
    }
    return true;
}

/* Line hook: a here-document's lines, up to and with its delimiter, are a string. */
bool hl_hook_heredoc(hl_scanner *sc)
{
    if (!sc->hd_len || sc->line_start == sc->hd_line) return false;
    size_t eol = hl_line_end(sc, sc->pos), t = sc->pos;
    if (eol == sc->pos) return false;
    while (sc->hd_strip && hl_at(sc, t) == '\t') t++;
    if (eol - t == sc->hd_len && !memcmp(sc->s + t, sc->s + sc->hd_start, sc->hd_len)) sc->hd_len = 0;
    return hl_take(sc, eol, HL_STRING);
}

/* ---- console: "$ command" lines are shell, the others are output ---- */

/* End of a prompt at line start i ("$", "(venv) $", "user@host:~/dir$"), followed by a blank; 0 when none. */
static size_t prompt_end(const hl_scanner *sc, size_t i, bool in_command)
{
    size_t j = i;
    if (hl_at(sc, j) == '(') {
        size_t k = j + 1;
        while (k < sc->len && sc->s[k] != ')' && !hl_is_eol(sc->s[k])) k++;
        if (hl_at(sc, k) == ')' && hl_is_blank(hl_at(sc, k + 1))) j = hl_skip_blanks(sc, k + 1);
    }
    size_t k = j;
    bool user_host = false;
    while (k < sc->len && !hl_is_space(sc->s[k])) user_host |= sc->s[k++] == '@';
    if (k == j || !hl_blank_or_end(sc, k)) return 0;
    char last = sc->s[k - 1];
    if (user_host && hl_in_set("$#%>", last)) return k;
    if (k - j == 1 && (hl_in_set("$%", last) || (in_command && last == '>'))) return k;
    return 0;
}

/* Does the line before the current one end with a backslash? */
static bool prev_line_continues(const hl_scanner *sc)
{
    size_t i = sc->line_start;
    if (i == 0) return false;
    i--; /* its '\n' */
    if (i > 0 && sc->s[i - 1] == '\r') i--;
    return i > 0 && sc->s[i - 1] == '\\';
}

bool hl_hook_console(hl_scanner *sc)
{
    if (sc->prompts < 0) {
        sc->prompts = 0;
        for (size_t i = 0; i < sc->len && !sc->prompts; i = hl_line_end(sc, i) + 1)
            sc->prompts = prompt_end(sc, i, false) > 0;
    }
    if (!sc->prompts || (sc->in_command && prev_line_continues(sc))) return false; /* shell throughout */
    size_t p = prompt_end(sc, sc->pos, sc->in_command);
    sc->in_command = p > 0;
    if (p) return hl_take(sc, p, HL_PUNCT);
    size_t eol = hl_line_end(sc, sc->pos);
    if (eol == sc->pos || sc->s[sc->pos] == '#') return false; /* a comment stays a comment */
    return hl_take(sc, eol, HL_TEXT);                          /* output */
}

/* ---- YAML ---- */

static const char yaml_flow_chars[] = ",[]{}";

static size_t indentation(const hl_scanner *sc)
{
    size_t i = sc->line_start;
    while (hl_at(sc, i) == ' ') i++;
    return i - sc->line_start;
}

/* Line hook: the lines of a block scalar (key: |) are a string. */
bool hl_hook_yaml_block(hl_scanner *sc)
{
    if (sc->block_indent == HL_NO_POS) return false;
    size_t eol = hl_line_end(sc, sc->pos), ind = indentation(sc);
    if (hl_skip_blanks(sc, sc->pos) == eol) return false; /* blank lines belong to it */
    if (ind <= sc->block_indent) {
        sc->block_indent = HL_NO_POS;
        return false;
    }
    sc->pos += ind;
    return hl_take(sc, eol, HL_STRING);
}

bool hl_rule_yaml_indicator(hl_scanner *sc)
{
    char c = sc->s[sc->pos], next = hl_at(sc, sc->pos + 1);
    if (hl_in_set("[{", c)) sc->flow++;
    if (hl_in_set("]}", c) && sc->flow) sc->flow--;
    if (hl_in_set(yaml_flow_chars, c)) return hl_take(sc, sc->pos + 1, HL_PUNCT);
    if (hl_in_set("-?:", c) &&
        (hl_blank_or_end(sc, sc->pos + 1) || (c == ':' && sc->flow && hl_in_set(yaml_flow_chars, next))))
        return hl_take(sc, sc->pos + 1, HL_PUNCT);
    if (!hl_in_set("|>", c)) return false;
    size_t i = sc->pos + 1;
    while (hl_in_set("+-0123456789", hl_at(sc, i))) i++;
    size_t j = hl_skip_blanks(sc, i);
    if (j >= sc->len || hl_is_eol(sc->s[j]) || (sc->s[j] == '#' && j > i))
        sc->block_indent = sc->key_col != HL_NO_POS ? sc->key_col : indentation(sc);
    return hl_take(sc, i, HL_OPERATOR);
}

/* A plain scalar: a key before ': ', else true/null/numbers or text. */
bool hl_rule_yaml_plain(hl_scanner *sc)
{
    size_t st = sc->pos, i = st, end = st;
    bool key = false;
    while (i < sc->len && !hl_is_eol(sc->s[i])) {
        char c = sc->s[i];
        if (c == ':' && (hl_blank_or_end(sc, i + 1) || (sc->flow && hl_in_set(yaml_flow_chars, hl_at(sc, i + 1))))) {
            key = true;
            break;
        }
        if ((c == '#' && i > st && hl_is_blank(sc->s[i - 1])) || (sc->flow && hl_in_set(yaml_flow_chars, c))) break;
        i++;
        if (!hl_is_blank(c)) end = i;
    }
    if (end == st) return false;
    hl_kind kind = HL_KEY;
    if (key) {
        sc->key_col = st - sc->line_start;
    } else {
        kind = hl_lookup(sc, sc->lang->classes, sc->lang->n_classes, st, end);
        size_t num = st + hl_in_set("+-", sc->s[st]);
        if (kind == HL_TEXT && num < end && hl_scan_number(sc, num) == end) kind = HL_NUMBER;
    }
    return hl_take(sc, end, kind);
}

/* ---- markup: <tag attr="value">, </tag>, <!DOCTYPE …>, <?xml …?> ---- */

static bool is_name_char(char c) { return hl_is_ascii_word((unsigned char)c) || hl_in_set("-:.", c) || (unsigned char)c >= 0x80; }

/* The tag's attributes up to its '>' (or the end of the input, or a '<' that starts another). */
static void markup_attributes(hl_scanner *sc)
{
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos];
        if (hl_is_space(c)) {
            sc->pos++;
        } else if (c == '>') {
            hl_take(sc, sc->pos + 1, HL_PUNCT);
            return;
        } else if (c == '/' && hl_at(sc, sc->pos + 1) == '>') {
            hl_take(sc, sc->pos + 2, HL_PUNCT);
            return;
        } else if (c == '<') {
            return; /* a broken tag: the next one starts here */
        } else if (c == '=') {
            hl_take(sc, sc->pos + 1, HL_OPERATOR);
            size_t v = hl_skip_blanks(sc, sc->pos);
            char q = hl_at(sc, v);
            sc->pos = v;
            if (q == '"' || q == '\'') {
                size_t e = v + 1;
                while (e < sc->len && sc->s[e] != q) e++;
                hl_take(sc, e < sc->len ? e + 1 : e, HL_STRING);
            } else {
                size_t e = v;
                while (e < sc->len && !hl_is_space(sc->s[e]) && sc->s[e] != '>') e++;
                hl_take(sc, e, HL_STRING);
            }
        } else if (is_name_char(c)) {
            size_t e = sc->pos;
            while (e < sc->len && is_name_char(sc->s[e])) e++;
            hl_take(sc, e, HL_KEY);
        } else {
            sc->pos++; /* a stray character */
        }
    }
}

bool hl_rule_markup(hl_scanner *sc)
{
    if (sc->s[sc->pos] != '<') return false;
    char c = hl_at(sc, sc->pos + 1);
    if (hl_starts_with(sc, sc->pos, "<![CDATA[")) { /* character data: a string up to ]]> */
        size_t e = sc->pos + strlen("<![CDATA[");
        while (e < sc->len && !hl_starts_with(sc, e, "]]>")) e++;
        return hl_take(sc, e < sc->len ? e + strlen("]]>") : e, HL_STRING);
    }
    if (c == '!' || c == '?') { /* <!DOCTYPE html>, <?xml version="1.0"?>, <![CDATA[: to the next '>' */
        size_t e = sc->pos + 2;
        while (e < sc->len && sc->s[e] != '>') e++;
        return hl_take(sc, e < sc->len ? e + 1 : e, HL_PREPROC);
    }
    size_t name = sc->pos + 1 + (c == '/');
    if (!hl_is_alpha((unsigned char)hl_at(sc, name)) && hl_at(sc, name) != '_') return false;
    hl_take(sc, name, HL_PUNCT);
    size_t e = name;
    while (e < sc->len && is_name_char(sc->s[e])) e++;
    hl_take(sc, e, HL_KEYWORD);
    markup_attributes(sc);
    return true;
}
