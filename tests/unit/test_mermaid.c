/* mermaid: flowchart text → DOT text, diagnostics with positions, bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram.h"
#include "mermaid.h"
#include "test.h"
#include "theme.h"
#include "util.h"

/* Translates without a theme; returns the DOT text (free it) or NULL. */
static char *dot_of(const char *src)
{
    mermaid_result r;
    mermaid_translate(src, NULL, &r);
    char *dot = r.dot ? util_xstrdup(r.dot) : NULL;
    mermaid_result_free(&r);
    return dot;
}

#define HAS(dot, part) \
    do { \
        if (!tu_contains((dot), (part))) tu_fail(__FILE__, __LINE__, "expected '%s' in:\n%s", (part), (dot) ? (dot) : "(null)"); \
    } while (0)
#define LACKS(dot, part) \
    do { \
        if (tu_contains((dot), (part))) tu_fail(__FILE__, __LINE__, "did not expect '%s' in:\n%s", (part), (dot)); \
    } while (0)

/* The first diagnostic must be at line:col and hold msg. */
static void expect_diag(const char *file, int line, const char *src, bool error, int dl, int dc, const char *msg)
{
    mermaid_result r;
    mermaid_translate(src, NULL, &r);
    if (!r.n_diags) tu_fail(file, line, "no diagnostic for:\n%s", src);
    else if (r.diags[0].error != error || r.diags[0].line != dl || (dc >= 0 && r.diags[0].col != dc) || !strstr(r.diags[0].msg, msg))
        tu_fail(file, line, "expected %s %d:%d '%s', got %s %d:%d '%s'", error ? "error" : "warning", dl, dc, msg,
                r.diags[0].error ? "error" : "warning", r.diags[0].line, r.diags[0].col, r.diags[0].msg);
    if (error && r.dot) tu_fail(file, line, "an error still gave DOT");
    mermaid_result_free(&r);
}
#define DIAG(src, err, l, c, m) expect_diag(__FILE__, __LINE__, (src), (err), (l), (c), (m))

TEST(mermaid_directions)
{
    char *d = dot_of("flowchart LR\n  A --> B\n");
    HAS(d, "rankdir=\"LR\"");
    HAS(d, "\"n0\" [label=\"A\", shape=\"box\"");
    HAS(d, "\"n0\" -> \"n1\" [arrowhead=\"normal\"]");
    free(d);
    d = dot_of("graph TD\nA-->B");
    HAS(d, "rankdir=\"TB\"");
    free(d);
    d = dot_of("graph BT; A-->B");
    HAS(d, "rankdir=\"BT\"");
    free(d);
    d = dot_of("flowchart RL\nA-->B");
    HAS(d, "rankdir=\"RL\"");
    free(d);
    /* No direction: none is written, so the layout may choose. */
    d = dot_of("graph\nA-->B");
    LACKS(d, "rankdir");
    free(d);
}

TEST(mermaid_shapes)
{
    char *d = dot_of("flowchart TD\n a[box] --> b(round) --> c((circle)) --> d{rhombus}\n"
                     " e[(db)] --> f>flag] --> g[[sub]] --> h([stadium]) --> i{{hex}}\n"
                     " j[/para/] --> k[\\alt\\] --> l[/trap\\] --> m[\\inv/] --> n(((dbl)))\n");
    HAS(d, "[label=\"box\", shape=\"box\", style=\"filled\"");
    HAS(d, "[label=\"round\", shape=\"box\", style=\"rounded,filled\"");
    HAS(d, "[label=\"circle\", shape=\"circle\"");
    HAS(d, "[label=\"rhombus\", shape=\"diamond\"");
    HAS(d, "[label=\"db\", shape=\"cylinder\"");
    HAS(d, "[label=\"flag\", shape=\"cds\"");
    HAS(d, "[label=\"sub\", shape=\"box\", style=\"filled\", peripheries=2");
    HAS(d, "[label=\"stadium\", shape=\"ellipse\"");
    HAS(d, "[label=\"hex\", shape=\"hexagon\"");
    HAS(d, "[label=\"para\", shape=\"parallelogram\"");
    HAS(d, "[label=\"alt\", shape=\"polygon\"");
    HAS(d, "[label=\"trap\", shape=\"trapezium\"");
    HAS(d, "[label=\"inv\", shape=\"invtrapezium\"");
    HAS(d, "[label=\"dbl\", shape=\"doublecircle\"");
    free(d);
}

TEST(mermaid_edges)
{
    char *d = dot_of("graph LR\nA --- B\nB -.-> C\nC -.- D\nD ==> E\nE === F\nF --o G\nG --x H\nH <--> I\nI ~~~ J\nJ ---> K\n");
    HAS(d, "\"n0\" -> \"n1\" [arrowhead=\"none\"]");
    HAS(d, "\"n1\" -> \"n2\" [arrowhead=\"normal\", style=\"dashed\"]");
    HAS(d, "\"n2\" -> \"n3\" [arrowhead=\"none\", style=\"dashed\"]");
    HAS(d, "\"n3\" -> \"n4\" [arrowhead=\"normal\", style=\"bold\"]");
    HAS(d, "\"n4\" -> \"n5\" [arrowhead=\"none\", style=\"bold\"]");
    HAS(d, "\"n5\" -> \"n6\" [arrowhead=\"odot\"]");
    HAS(d, "\"n6\" -> \"n7\" [arrowhead=\"tee\"]");
    HAS(d, "\"n7\" -> \"n8\" [arrowhead=\"normal\", dir=\"both\", arrowtail=\"normal\"]");
    HAS(d, "\"n8\" -> \"n9\" [arrowhead=\"none\", style=\"invis\"]");
    HAS(d, "\"n9\" -> \"n10\" [arrowhead=\"normal\", minlen=2]");
    free(d);
}

TEST(mermaid_edge_labels_and_chains)
{
    char *d = dot_of("flowchart TD\nA -->|yes| B -- no --> C\nC -. maybe .-> D\nD == sure ==> E\nA & B --> C & D\n");
    HAS(d, "\"n0\" -> \"n1\" [arrowhead=\"normal\", label=\"yes\"]");
    HAS(d, "\"n1\" -> \"n2\" [arrowhead=\"normal\", label=\"no\"]");
    HAS(d, "\"n2\" -> \"n3\" [arrowhead=\"normal\", style=\"dashed\", label=\"maybe\"]");
    HAS(d, "\"n3\" -> \"n4\" [arrowhead=\"normal\", style=\"bold\", label=\"sure\"]");
    /* A & B --> C & D: every pair. */
    HAS(d, "\"n0\" -> \"n2\"");
    HAS(d, "\"n0\" -> \"n3\"");
    HAS(d, "\"n1\" -> \"n3\" [arrowhead=\"normal\"]");
    free(d);
}

TEST(mermaid_labels_escaped)
{
    /* Quotes, backslashes, DOT syntax and HTML-like text stay inside one quoted string. */
    char *d = dot_of("flowchart LR\nA[say \"hi\"]\nB[x\\\" -> evil; n {shape=none} ; \"]\nC[<b>bold</b>]\nD[back\\slash \\N]\n"
                     "E[\"a<br>b<br/>c\"] -->|\"q\" #quot;x#quot; #35;| F\nG[\"}\"] --> H[\"x\\\"]\n");
    REQUIRE(d);
    HAS(d, "[label=\"say \\\"hi\\\"\"");
    HAS(d, "[label=\"x\\\\\\\" -> evil; n {shape=none} ; \\\"\"");
    HAS(d, "[label=\"<b>bold</b>\"");
    HAS(d, "[label=\"back\\\\slash \\\\N\"");
    HAS(d, "[label=\"a\\nb\\nc\"");
    HAS(d, "label=\"\\\"q\\\" \\\"x\\\" #\"");
    HAS(d, "[label=\"}\"");
    HAS(d, "[label=\"x\\\\\"");
    /* The escaped text is one DOT graph Graphviz reads with these nodes only. */
    char *err = NULL;
    int line = 0;
    CHECK(diagram_check(d, &err, &line));
    free(err);
    free(d);
}

TEST(mermaid_entities)
{
    /* HTML and Mermaid entities are decoded; code points that are no XML characters become U+FFFD;
     * an '&' left that reads as an entity gets a word joiner (Graphviz copies entities into the SVG). */
    char *d = dot_of("flowchart LR\nA[\"&lt;b&gt; &amp; &#35; &#x41; #35; #quot;\"]\nB[\"&#xFFFE; #65534; &#1; &#xFDD0;\"]\n"
                     "C[\"&amp;lt; &foo; x&y; &#38;#38;\"]\n");
    REQUIRE(d);
    HAS(d, "[label=\"<b> & # A # \\\"\"");
    HAS(d, "[label=\"\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd\"");
    HAS(d, "[label=\"&\xe2\x81\xa0" "lt; &\xe2\x81\xa0" "foo; x&\xe2\x81\xa0" "y; &&\"");
    free(d);
}

TEST(mermaid_subgraphs)
{
    char *d = dot_of("flowchart TB\nsubgraph outer [Outer box]\n  a1 --> a2\n  subgraph inner[\"Inner\"]\n    b1\n  end\nend\n"
                     "subgraph Plain title here\n c1\nend\na2 --> b1 --> c1\n");
    HAS(d, "subgraph \"cluster_0\" {\n  label=\"Outer box\";\n  \"n0\"");
    HAS(d, "subgraph \"cluster_1\" {\n  label=\"Inner\";\n  \"n2\"");
    HAS(d, "subgraph \"cluster_2\" {\n  label=\"Plain title here\"");
    /* inner is inside outer */
    const char *o = strstr(d, "cluster_0"), *i = strstr(d, "cluster_1"), *c = strstr(d, "cluster_2");
    CHECK(o && i && c && o < i && i < c);
    free(d);
}

TEST(mermaid_edges_to_subgraphs)
{
    /* An edge naming a subgraph attaches to its border (compound, lhead/ltail at its first node);
     * an empty one gets an invisible anchor; a node mentioned in a later subgraph moves there. */
    char *d = dot_of("flowchart TB\nc1-->a2\nsubgraph one\na1-->a2\nend\nsubgraph two\nb1-->b2\nend\nsubgraph three\nc1-->c2\nend\n"
                     "one --> two\nthree --> two\ntwo --> c2\nsubgraph empty [Nothing]\nend\nc2 --> empty\n");
    HAS(d, "compound=\"true\"");
    HAS(d, "\"n1\" -> \"n3\" [arrowhead=\"normal\", ltail=\"cluster_0\", lhead=\"cluster_1\"]");
    HAS(d, "\"n3\" -> \"n5\" [arrowhead=\"normal\", ltail=\"cluster_1\"]");
    HAS(d, "label=\"Nothing\";\n  \"c3\" [label=\"\", shape=\"point\", style=\"invis\"]");
    HAS(d, "\"n5\" -> \"c3\" [arrowhead=\"normal\", lhead=\"cluster_3\"]");
    HAS(d, "label=\"three\";\n  \"n0\" [label=\"c1\"");
    LACKS(d, "label=\"one\", shape");
    free(d);
}

TEST(mermaid_styles_map_to_theme)
{
    theme th;
    REQUIRE(theme_load_file(&th, tu_theme_path()));
    mermaid_result r;
    CHECK(mermaid_translate("flowchart LR\nclassDef hot fill:#f96,stroke:#333,stroke-width:4px\nclassDef cool fill:lightblue\n"
                            "A:::hot --> B\nclass B cool\nstyle C fill:#eee,stroke-dasharray: 5 5\nB --> C\n",
                            &th, &r));
    REQUIRE(r.dot);
    const theme_callout *pit = theme_find_callout(&th, "PITFALL");
    REQUIRE(pit);
    char fill[16];
    /* #f96 (orange) → the orange callout's background, with its colour as the outline. */
    snprintf(fill, sizeof fill, "#%02x%02x%02x", (int)(pit->background.r * 255 + .5), (int)(pit->background.g * 255 + .5),
             (int)(pit->background.b * 255 + .5));
    char *a = strstr(r.dot, "\"n0\" [");
    REQUIRE(a);
    CHECK(strstr(a, fill) && strstr(a, fill) < strchr(a, '\n'));
    CHECK(strstr(a, "penwidth") && strstr(a, "penwidth") < strchr(a, '\n'));
    /* A grey fill is the diagram's own fill; a dash array makes the outline dashed. */
    HAS(r.dot, "[label=\"C\", shape=\"box\", style=\"filled,dashed\", fillcolor=\"#eef2f7\"");
    CHECK(r.n_diags == 0);
    mermaid_result_free(&r);
    theme_free(&th);
}

TEST(mermaid_comments_and_statements)
{
    char *d = dot_of("%% a comment\n%%{init: {'theme':'dark'}}%%\nflowchart LR %% trailing\n  A --> B; B --> C %% more\n");
    HAS(d, "\"n1\" -> \"n2\"");
    free(d);
    /* Front matter before the kind. */
    d = dot_of("---\ntitle: Hello\n---\nflowchart LR\nA-->B\n");
    HAS(d, "\"n0\" -> \"n1\"");
    free(d);
    /* A later definition sets the label and shape; a bare mention keeps them. */
    d = dot_of("graph TD\nA --> B\nA{Decide}\nA\n");
    HAS(d, "[label=\"Decide\", shape=\"diamond\"");
    free(d);
}

TEST(mermaid_unsupported_kinds_warn)
{
    mermaid_result r;
    CHECK(!mermaid_translate("sequenceDiagram\n  Alice->>Bob: Hi\n", NULL, &r));
    CHECK(!r.flowchart);
    CHECK_STR(r.kind, "sequenceDiagram");
    REQUIRE(r.n_diags == 1);
    CHECK(!r.diags[0].error);
    CHECK(strstr(r.diags[0].msg, "sequenceDiagram") != NULL);
    mermaid_result_free(&r);
    DIAG("\n\n  gantt\n  title x\n", false, 3, 3, "mermaid gantt diagrams are not supported");
    DIAG("pie title Pets\n", false, 1, 1, "mermaid pie diagrams");
    DIAG("banana\n", false, 1, 1, "'banana' is not a mermaid diagram kind");
    CHECK(mermaid_is_flowchart("%% x\n\ngraph LR\n"));
    CHECK(!mermaid_is_flowchart("classDiagram\n"));
}

TEST(mermaid_errors_have_positions)
{
    DIAG("flowchart LR\n  A[unterminated --> B\n", true, 2, 4, "unterminated '['");
    DIAG("flowchart LR\n  A(\"open --> B\n", true, 2, 5, "unterminated quoted label");
    DIAG("flowchart XY\n", true, 1, 11, "unknown direction 'XY'");
    DIAG("flowchart LR\nA --> \n", true, 2, 7, "expected a node id, found the end of the line");
    DIAG("flowchart LR\nA -- text\n", true, 2, 3, "unterminated edge text");
    DIAG("flowchart LR\nA -->|x B\n", true, 2, 6, "unterminated edge label");
    DIAG("flowchart LR\nsubgraph s\nA\n", true, 2, 1, "'subgraph' without an 'end'");
    DIAG("flowchart LR\nend\n", true, 2, 1, "'end' without a 'subgraph'");
    DIAG("flowchart LR\nA --> B )\n", true, 2, 9, "unexpected ')'");
    DIAG("flowchart LR\nA --> B\nlinkStyle 0 stroke:red\n", false, 3, 1, "'linkStyle' is ignored");
    DIAG("flowchart LR\nA\nstyle A fill:bogus\n", false, 3, 14, "unknown colour 'bogus'");
    DIAG("flowchart LR\nA\nstyle Z fill:red\n", false, 3, 7, "'Z' is styled but is not a node");
    DIAG("%% nothing\n  graph TD\n", false, 2, 3, "flowchart has no nodes");
    DIAG("flowchart LR\n  A@{ shape: rect } --> B\n", true, 2, 4, "'id@{ shape: … }' node syntax is not supported");
    /* Columns count characters, not bytes. */
    DIAG("flowchart LR\nÄ --> Ö[oops\n", true, 2, 8, "unterminated '['");
}

TEST(mermaid_bounds)
{
    /* Too many nodes: an error, not a hang. */
    util_buf b = {0};
    util_buf_adds(&b, "flowchart LR\n");
    for (int i = 0; i < DIAGRAM_MAX_NODES + 5; i++) util_buf_printf(&b, "n%d\n", i);
    DIAG(b.s, true, DIAGRAM_MAX_NODES + 2, 1, "more than 1000 nodes");
    util_buf_free(&b);
    /* A & B & … --> C & D & …: the product of the groups is bounded before any edge is made. */
    util_buf_adds(&b, "flowchart LR\n");
    for (int i = 0; i < 100; i++) util_buf_printf(&b, "%sa%d", i ? " & " : "", i);
    util_buf_adds(&b, " --> ");
    for (int i = 0; i < 100; i++) util_buf_printf(&b, "%sb%d", i ? " & " : "", i);
    DIAG(b.s, true, 2, -1, "more than 4000 edges");
    util_buf_free(&b);
    /* Nesting. */
    util_buf_adds(&b, "flowchart LR\n");
    for (int i = 0; i < MERMAID_MAX_DEPTH + 1; i++) util_buf_adds(&b, "subgraph s\n");
    DIAG(b.s, true, MERMAID_MAX_DEPTH + 2, 1, "nested more than 16 deep");
    util_buf_free(&b);
    /* Size. */
    util_buf_adds(&b, "flowchart LR\n");
    while (b.len <= DIAGRAM_MAX_BYTES) util_buf_adds(&b, "A --> B\n");
    DIAG(b.s, true, 1, 1, "bytes (the limit is");
    util_buf_free(&b);
    /* Edges jumping across a long chain: Graphviz would take minutes; refused from an estimate. */
    util_buf_adds(&b, "flowchart TD\n");
    for (int i = 1; i < 300; i++) util_buf_printf(&b, "n%d --> n%d\n", i, i + 1);
    for (int i = 0; i < 300; i++) util_buf_printf(&b, "n%d --> n%d\n", (i * 7919) % 300 + 1, (i * 104729) % 300 + 1);
    DIAG(b.s, true, 1, 1, "too large to lay out: its edges cross about");
    util_buf_free(&b);
    /* A wide tree crosses no ranks: drawn, with Graphviz's default effort. */
    util_buf_adds(&b, "flowchart TD\n");
    for (int i = 2; i <= 900; i++) util_buf_printf(&b, "n%d --> n%d\n", i / 3, i);
    char *tree = dot_of(b.s);
    CHECK(tree != NULL);
    LACKS(tree, "nslimit");
    free(tree);
    util_buf_free(&b);
    /* Long links ask for at most a few ranks. */
    char *d = dot_of("flowchart LR\nA ---------------------------------------> B\n");
    HAS(d, "minlen=8");
    free(d);
}

/* Every path frees what it made: a drawn flowchart, errors midway, unsupported kinds. */
static void translate_many(void *arg)
{
    const theme *th = arg;
    static const char *const inputs[] = {
        "flowchart LR\nsubgraph s [S]\nA[x] -->|y| B & C:::c\nend\nclassDef c fill:#f96\nstyle A stroke:red\ns --> A\n",
        "flowchart LR\nA --> B[unterminated\n",
        "flowchart LR\nsubgraph s\nA -- text\n",
        "flowchart LR\nclass A,B c\nA -- t --> B --> C{{x}} & D\nZ\nstyle Q fill:bogus\n",
        "sequenceDiagram\nA->>B: x\n",
        "",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        mermaid_result r;
        mermaid_translate(inputs[i], th, &r);
        mermaid_result_free(&r);
    }
}

TEST(mermaid_no_leaks)
{
    theme th;
    REQUIRE(theme_load_file(&th, tu_theme_path()));
    CHECK_INT(tu_leaks(translate_many, &th), 0);
    theme_free(&th);
}
