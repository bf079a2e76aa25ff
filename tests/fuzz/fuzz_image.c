/* fuzz_image — the input is an image file: PNG, JPEG, GIF, WebP and SVG are
 * told apart by their first bytes (figure_sniff), then decoded (cairo's PNG
 * reader, gdk-pixbuf, librsvg) and embedded in the PDF. Each input is built
 * twice: as img.bin, referenced from a fixed chapter as ![x](img.bin), and as
 * img.svg in a second book, each down to the PDF.
 * Replay one input: build-fuzz/fuzz_image FILE (FUZZ_VERBOSE=1 prints diagnostics). */
#include "fuzz_common.h"

static const char fuzz_book_yaml[] =
    "title: \"Fuzz Image Book\"\n"
    "chapters:\n"
    "  - ch.md\n";

static const char fuzz_ch_bin[] =
    "---\n"
    "title: \"Images\"\n"
    "kind: reference\n"
    "---\n"
    "\n"
    "Text before the image.\n"
    "\n"
    "![x](img.bin)\n"
    "\n"
    "The same image, numbered and scaled: [](#fig-a).\n"
    "\n"
    "![A figure](img.bin \"Its caption\"){#fig-a width=50%}\n";

static const char fuzz_ch_svg[] =
    "---\n"
    "title: \"SVG\"\n"
    "kind: reference\n"
    "---\n"
    "\n"
    "![x](img.svg)\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_setup("image", (*argv)[0]);
    fuzz_mkdir("bin");
    fuzz_write_str("bin/book.yaml", fuzz_book_yaml);
    fuzz_write_str("bin/ch.md", fuzz_ch_bin);
    fuzz_mkdir("svg");
    fuzz_write_str("svg/book.yaml", fuzz_book_yaml);
    fuzz_write_str("svg/ch.md", fuzz_ch_svg);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("bin/img.bin", data, size);
    fuzz_build("bin/book.yaml", "bin/out.pdf");
    fuzz_write("svg/img.svg", data, size);
    fuzz_build("svg/book.yaml", "svg/out.pdf");
    return 0;
}
