/* svgscan: what reaches librsvg. */
#include <stdlib.h>
#include <string.h>

#include "svgscan.h"
#include "test.h"

static char *scan(const char *svg)
{
    char *why = NULL;
    bool ok = svgscan_check(svg, strlen(svg), &why);
    if (ok && why) tu_fail(__FILE__, __LINE__, "svgscan_check passed but gave a reason: %s", why);
    return why; /* NULL when accepted */
}

#define ACCEPTS(svg) \
    do { \
        char *w_ = scan(svg); \
        if (w_) tu_fail(__FILE__, __LINE__, "refused %s: %s", svg, w_); \
        free(w_); \
    } while (0)

#define REFUSES(svg, part) \
    do { \
        char *w_ = scan(svg); \
        if (!w_ || !strstr(w_, part)) tu_fail(__FILE__, __LINE__, "%s: expected a reason with '%s', got '%s'", svg, part, w_ ? w_ : "(accepted)"); \
        free(w_); \
    } while (0)

TEST(svgscan_ordinary_svg_accepted)
{
    ACCEPTS("<svg width=\"100\" height=\"100\" viewBox=\"0 0 100 100\"><rect x=\"-5\" width=\"1e5\" height=\".5\"/></svg>");
    /* Exported rotations, colours, ids and text with digits, numbers in text content. */
    ACCEPTS("<svg><g transform=\"matrix(6.123e-17,1,-1,6.123e-17,0,0)\" fill=\"#1e9999\"><text id=\"t1e99\">1e99</text></g></svg>");
    ACCEPTS("<svg><g transform=\"scale(1000)\"><g transform=\"scale(1000)\"/></g><g transform=\"scale(1000)\"/></svg>");
    ACCEPTS("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg/>");
    ACCEPTS("<!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">]><svg/>");
}

TEST(svgscan_absurd_values_refused)
{
    REFUSES("<svg><text font-size=\"1e30\">x</text></svg>", "font-size=\"1e30\"");
    REFUSES("<svg><text style=\"font-size : 2000000px\">x</text></svg>", "font-size=\"2000000px\"");
    REFUSES("<svg><style>t{stroke-width:-1e7}</style></svg>", "stroke-width=\"-1e7\"");
    REFUSES("<svg viewBox=\"0,0,1e400,1\"/>", "viewBox=");
    REFUSES("<svg><g transform=\"translate(1,1) rotate(5e6)\"/></svg>", "transform=");
    REFUSES("<svg><g transform=\"scale(1001)\"><g transform=\"scale(1000)\"/></g></svg>", "nested transforms");
    REFUSES("<svg><g transform=\"skewY(90)\"/></svg>", "skewY(90)");
}

TEST(svgscan_bounds_refused)
{
    char *big = malloc(SVGSCAN_MAX_BYTES + 2);
    memset(big, ' ', SVGSCAN_MAX_BYTES + 1);
    big[SVGSCAN_MAX_BYTES + 1] = '\0';
    char *why = NULL;
    CHECK(!svgscan_check(big, SVGSCAN_MAX_BYTES + 1, &why));
    CHECK_STR(why, "SVG is too large (8.0 MiB; the limit is 8 MiB)");
    free(why);
    free(big);
    REFUSES("<!DOCTYPE svg [<!ENTITY e SYSTEM \"x.svg\">]><svg>&e;</svg>", "external entity");
    REFUSES("<!DOCTYPE svg [<!ENTITY e \"<g/>\">]><svg>&e;</svg>", "entity that holds markup");
    REFUSES("<svg><image xlink:href=\"data:image/svg+xml;utf8,&lt;svg/>\"/></svg>", "embeds another SVG");
}

TEST(svgscan_noncharacters_refused)
{
    REFUSES("<svg><text>&#xFDD0;</text></svg>", "SVG holds a character a PDF cannot hold (U+FDD0)");
    REFUSES("<svg><text>&#65534;</text></svg>", "(U+FFFE)");
    REFUSES("<svg><text>\xEF\xBF\xBF</text></svg>", "(U+FFFF)");
    ACCEPTS("<svg><text>&#xE9; \xC3\xA9 &#xFFFD; &amp;</text></svg>");
}
