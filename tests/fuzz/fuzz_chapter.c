/* fuzz_chapter — the input is a chapter (front matter and Markdown) of a small
 * fixed book; runs `mlsd-guide build` on it down to the PDF.
 * Replay one input: build-fuzz/fuzz_chapter FILE (FUZZ_VERBOSE=1 prints diagnostics). */
#include "fuzz_common.h"

static const char fuzz_book_yaml[] =
    "title: \"Fuzz Book\"\n"
    "authors: [Fuzz Tester]\n"
    "chapters:\n"
    "  - chapter.md\n"
    "  - other.md\n";

/* A second chapter, so links and cross-references to another chapter resolve. */
static const char fuzz_other_md[] =
    "---\n"
    "title: \"Other chapter\"\n"
    "kind: reference\n"
    "---\n"
    "\n"
    "## Details {#details}\n"
    "\n"
    "Text with a footnote.[^n]\n"
    "\n"
    "| a | b |\n|---|--:|\n| 1 | 2 |\n"
    "\n"
    "Table: A table {#tbl-one}\n"
    "\n"
    "[^n]: The note.\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_setup("chapter", (*argv)[0]);
    fuzz_write_str("book.yaml", fuzz_book_yaml);
    fuzz_write_str("other.md", fuzz_other_md);
    /* A small PNG the chapter may refer to as img.png (valid: 1×1). */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
        0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    fuzz_write("img.png", png, sizeof png);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("chapter.md", data, size);
    fuzz_build("book.yaml", "out.pdf");
    return 0;
}
