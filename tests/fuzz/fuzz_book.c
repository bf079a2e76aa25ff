/* fuzz_book — the input is book.yaml (with a theme: block, parts, …) next to
 * fixed valid chapters; runs `mlsd-guide build` on it down to the PDF.
 * Replay one input: build-fuzz/fuzz_book FILE (FUZZ_VERBOSE=1 prints diagnostics). */
#include "fuzz_common.h"

static const char fuzz_ch1_md[] =
    "---\n"
    "title: \"Chapter One\"\n"
    "kind: reference\n"
    "summary: \"The first chapter.\"\n"
    "---\n"
    "\n"
    "# Opening\n"
    "\n"
    "Alphaword text, long enough to be hyphenated: internationalisation. See [the details](ch2.md#details)\n"
    "and [](ch2.md).\n"
    "\n"
    "- a list\n"
    "  - nested\n"
    "\n"
    "```python\nprint(\"code\")\n```\n";

static const char fuzz_ch2_md[] =
    "---\n"
    "title: \"Chapter Two\"\n"
    "kind: reference\n"
    "summary: \"The second chapter.\"\n"
    "numbering: appendix\n"
    "---\n"
    "\n"
    "## Details\n"
    "\n"
    "Bravoword text.[^n] | a link <https://example.com>.\n"
    "\n"
    "| a | b |\n|---|--:|\n| 1 | 2 |\n"
    "\n"
    "[^n]: A note.\n";

static const char fuzz_ch3_md[] =
    "---\n"
    "title: \"In a folder\"\n"
    "---\n"
    "\n"
    "Charlieword text.\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_setup("book", (*argv)[0]);
    fuzz_write_str("ch1.md", fuzz_ch1_md);
    fuzz_write_str("ch2.md", fuzz_ch2_md);
    fuzz_mkdir("chapters");
    fuzz_write_str("chapters/ch3.md", fuzz_ch3_md);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("book.yaml", data, size);
    fuzz_build("book.yaml", "out.pdf");
    return 0;
}
