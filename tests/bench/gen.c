/* gen — writes a deterministic synthetic book for the benchmark:
 * chapters of paragraphs, lists, code blocks and tables.
 * Usage: gen DIR CHAPTERS   (about 13 A4 pages per chapter) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long gen_state = 12345;

static unsigned gen_rand(unsigned n)
{
    gen_state = gen_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((gen_state >> 33) % n);
}

static const char *gen_words[] = {
    "model", "feature", "latency", "ranking", "retrieval", "embedding", "label", "offline", "online", "serving",
    "pipeline", "training", "drift", "calibration", "candidate", "budget", "throughput", "replica", "cache",
    "experiment", "metric", "baseline", "gradient", "tree", "index", "query", "user", "item", "score", "signal",
    "the", "a", "of", "to", "and", "in", "with", "for", "when", "that", "is", "are", "because", "each",
};

static void gen_sentence(FILE *f)
{
    unsigned n = 8 + gen_rand(14);
    for (unsigned i = 0; i < n; i++) {
        const char *w = gen_words[gen_rand(sizeof gen_words / sizeof *gen_words)];
        if (i == 0) fprintf(f, "%c%s", w[0] - 32 * (w[0] >= 'a'), w + 1);
        else if (gen_rand(12) == 0) fprintf(f, " *%s*", w);
        else if (gen_rand(15) == 0) fprintf(f, " `%s_%u`", w, gen_rand(100));
        else fprintf(f, " %s", w);
    }
    fputs(". ", f);
}

static void gen_paragraph(FILE *f)
{
    unsigned n = 3 + gen_rand(5);
    for (unsigned i = 0; i < n; i++) gen_sentence(f);
    fputs("\n\n", f);
}

static void gen_chapter(FILE *f, unsigned no)
{
    fprintf(f, "---\ntitle: \"Synthetic chapter %u\"\nkind: reference\nsummary: \"Generated text for the benchmark.\"\n---\n\n", no);
    for (unsigned s = 1; s <= 8; s++) {
        fprintf(f, "## Section %u.%u\n\n", no, s);
        for (unsigned p = 0; p < 4; p++) gen_paragraph(f);
        switch (s % 4) {
        case 0:
            for (unsigned i = 0; i < 6; i++) {
                fputs("- ", f);
                gen_sentence(f);
                fputs("\n", f);
            }
            fputs("\n", f);
            break;
        case 1:
            fputs("```python\n", f);
            for (unsigned i = 0; i < 12; i++)
                fprintf(f, "def step_%u(x, y):\n    return x * %u + y  # %s\n", i, gen_rand(1000), gen_words[gen_rand(20)]);
            fputs("```\n\n", f);
            break;
        case 2:
            fputs("| Option | Latency | Cost | Notes |\n|---|---:|---:|---|\n", f);
            for (unsigned i = 0; i < 8; i++)
                fprintf(f, "| %s %u | %u ms | $%u | %s %s %s |\n", gen_words[gen_rand(20)], i, 5 + gen_rand(200),
                        10 + gen_rand(900), gen_words[gen_rand(30)], gen_words[gen_rand(30)], gen_words[gen_rand(30)]);
            fputs("\n", f);
            break;
        default:
            fputs("> [!TIP]\n> ", f);
            gen_sentence(f);
            fputs("\n\n", f);
        }
        fprintf(f, "### Details %u.%u\n\n", no, s);
        for (unsigned p = 0; p < 3; p++) gen_paragraph(f);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: gen DIR CHAPTERS\n", stderr);
        return 2;
    }
    const char *dir = argv[1];
    unsigned n = (unsigned)atoi(argv[2]);
    char path[4096];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/chapters", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/book.yaml", dir);
    FILE *b = fopen(path, "w");
    if (!b) return 1;
    fputs("title: \"Synthetic benchmark book\"\nauthors: [Benchmark]\npaper: a4\nchapters:\n", b);
    for (unsigned i = 1; i <= n; i++) {
        fprintf(b, "  - chapters/ch%03u.md\n", i);
        snprintf(path, sizeof path, "%s/chapters/ch%03u.md", dir, i);
        FILE *f = fopen(path, "w");
        if (!f) return 1;
        gen_chapter(f, i);
        fclose(f);
    }
    fclose(b);
    return 0;
}
