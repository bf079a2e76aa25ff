/* mathext — the "math" cmark-gfm syntax extension. */
#include "mathext.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mathpos.h"
#include "util.h"

/* cmark-gfm 0.29's chunk (the paragraph's text being parsed for inlines); the
 * header that declares it is not installed. */
struct cmark_chunk {
    unsigned char *data;
    int32_t len;
    int32_t alloc;
};

/* Exported by libcmark-gfm, declared in a header (registry.h) that is not on the include path. */
void cmark_register_plugin(cmark_plugin_init_func reg_fn);

extern cmark_node_type CMARK_NODE_TABLE_CELL;

static cmark_node_type mathext_type;
static cmark_syntax_extension *mathext_ext;


static void mathext_free(cmark_mem *mem, void *user)
{
    (void)mem;
    mathext_data *d = user;
    free(d->tex);
    free(d->id);
    free(d);
}

/* Where inline math starting at `at` ($ already seen) ends: the offset of the closing
 * delimiter's first byte, or -1. */
static long mathext_close_inline(const unsigned char *s, long len, long at, bool backtick)
{
    if (backtick) {
        for (long k = at + 2; k + 1 < len; k++)
            if (s[k] == '`' && s[k + 1] == '$') return k;
        return -1;
    }
    if (at + 1 >= len || s[at + 1] == ' ' || s[at + 1] == '\n' || s[at + 1] == '\t') return -1;
    for (long k = at + 1; k < len; k++) {
        if (s[k] == '\\') {
            k++;
            continue;
        }
        if (s[k] != '$') continue;
        if (s[k - 1] == ' ' || s[k - 1] == '\n' || s[k - 1] == '\t') return -1;
        if (k + 1 < len && s[k + 1] >= '0' && s[k + 1] <= '9') return -1;
        return k;
    }
    return -1;
}

static cmark_node *mathext_match(cmark_syntax_extension *self, cmark_parser *parser, cmark_node *parent,
                                 unsigned char character, cmark_inline_parser *ip)
{
    (void)parser;
    (void)parent;
    if (character != '$') return NULL;
    struct cmark_chunk *ch = cmark_inline_parser_get_chunk(ip);
    const unsigned char *s = ch->data;
    long len = ch->len, at = cmark_inline_parser_get_offset(ip);
    if (at > 0 && s[at - 1] == '$') return NULL; /* the second $ of a $$ that did not open math */
    long tex_start, tex_end, resume;
    bool display = at + 1 < len && s[at + 1] == '$';
    if (display) {
        long k = at + 2;
        while (k + 1 < len && !(s[k] == '$' && s[k + 1] == '$' && s[k - 1] != '\\')) k++;
        if (k + 1 >= len || k == at + 2) return NULL;
        tex_start = at + 2;
        tex_end = k;
        resume = k + 2;
    } else {
        bool backtick = at + 1 < len && s[at + 1] == '`';
        long close = mathext_close_inline(s, len, at, backtick);
        if (close < 0) return NULL;
        tex_start = at + (backtick ? 2 : 1);
        tex_end = close;
        resume = close + (backtick ? 2 : 1);
        if (tex_end <= tex_start) return NULL;
    }
    mathext_data *d = util_xcalloc(1, sizeof *d);
    d->tex = util_xstrndup((const char *)s + tex_start, (size_t)(tex_end - tex_start));
    d->display = display;
    d->line = cmark_inline_parser_get_line(ip);
    d->col = cmark_inline_parser_get_column(ip) + (int)(tex_start - at);
    if (display) { /* ` {#eq-id}` right after the closing $$ */
        long k = resume;
        while (k < len && s[k] == ' ') k++;
        if (k + 2 < len && s[k] == '{' && s[k + 1] == '#') {
            long e = k + 2;
            while (e < len && (g_ascii_isalnum(s[e]) || s[e] == '-' || s[e] == '_' || s[e] == ':' || s[e] == '.')) e++;
            if (e < len && s[e] == '}' && e > k + 2) {
                d->id = util_xstrndup((const char *)s + k + 2, (size_t)(e - k - 2));
                resume = e + 1;
            }
        }
    }
    /* The table extension lets a cell hold only its known inline types: there, the formula is
     * an inline code node (its literal the TeX) that carries the math as its user data. */
    bool cell = parent && cmark_node_get_type(parent) == CMARK_NODE_TABLE_CELL;
    cmark_node *n = cell ? cmark_node_new(CMARK_NODE_CODE) : cmark_node_new_with_ext(mathext_type, self);
    if (cell) {
        cmark_node_set_literal(n, d->tex);
    } else { /* the TeX as its text, for whatever reads plain text (contents, outline, word counts) */
        cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(text, d->tex);
        if (!cmark_node_append_child(n, text)) cmark_node_free(text);
    }
    d->magic = MATHEXT_MAGIC;
    cmark_node_set_user_data(n, d);
    cmark_node_set_user_data_free_func(n, mathext_free);
    /* The newlines cmark will not count (mathpos.c corrects the positions after them). */
    long last_nl = -1;
    int newlines = 0;
    for (long k = at; k < resume; k++)
        if (s[k] == '\n') {
            newlines++;
            last_nl = k;
        }
    if (newlines)
        mathpos_record(parent, d->line, cmark_inline_parser_get_column(ip) + (int)(resume - at), newlines,
                       (int)(resume - last_nl));
    cmark_inline_parser_set_offset(ip, (int)resume);
    return n;
}


static const char *mathext_type_string(cmark_syntax_extension *ext, cmark_node *n)
{
    (void)ext;
    (void)n;
    return "math";
}

static int mathext_can_contain(cmark_syntax_extension *ext, cmark_node *n, cmark_node_type child)
{
    (void)ext;
    return cmark_node_get_type(n) == mathext_type && child == CMARK_NODE_TEXT;
}

static int mathext_register(cmark_plugin *plugin)
{
    cmark_syntax_extension *e = cmark_syntax_extension_new("math");
    mathext_type = cmark_syntax_extension_add_node(1);
    cmark_syntax_extension_set_match_inline_func(e, mathext_match);
    cmark_syntax_extension_set_get_type_string_func(e, mathext_type_string);
    cmark_syntax_extension_set_can_contain_func(e, mathext_can_contain);
    cmark_mem *mem = cmark_get_default_mem_allocator();
    cmark_llist *chars = cmark_llist_append(mem, NULL, (void *)(uintptr_t)'$');
    cmark_syntax_extension_set_special_inline_chars(e, chars);
    cmark_plugin_register_syntax_extension(plugin, e);
    mathext_ext = e;
    return 1;
}

void mathext_ensure_registered(void)
{
    static gsize once = 0;
    cmark_gfm_core_extensions_ensure_registered();
    if (g_once_init_enter(&once)) {
        cmark_register_plugin(mathext_register);
        g_once_init_leave(&once, 1);
    }
}

const mathext_data *mathext_get(cmark_node *n)
{
    if (!n || !mathext_type) return NULL;
    cmark_node_type t = cmark_node_get_type(n);
    if (t != mathext_type && t != CMARK_NODE_CODE) return NULL;
    const mathext_data *d = cmark_node_get_user_data(n);
    return d && d->magic == MATHEXT_MAGIC ? d : NULL;
}

bool mathext_fence(cmark_node *n, const char **id_start, size_t *id_len)
{
    *id_start = NULL;
    *id_len = 0;
    int length, offset;
    char fence;
    if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK || !cmark_node_get_fenced(n, &length, &offset, &fence)) return false;
    const char *info = cmark_node_get_fence_info(n);
    if (!info || strncmp(info, "math", 4) || (info[4] && info[4] != ' ')) return false;
    const char *b = strstr(info, "{#");
    if (b) {
        const char *e = strchr(b, '}');
        if (e && e > b + 2) {
            *id_start = b + 2;
            *id_len = (size_t)(e - b - 2);
        }
    }
    return true;
}
