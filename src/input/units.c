/* units — quantities with units, conversions and formatting (see units.h). */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { UNITS_DEFAULT_SIG = 3, UNITS_MAX_SIG = 15, UNITS_MAX_DP = 12 };

/* Seconds in the longer units: a month is 730 h (a year / 12), a year 8,760 h (365 days). */
#define UNITS_MIN 60.0
#define UNITS_HOUR 3600.0
#define UNITS_DAY 86400.0
#define UNITS_WEEK (7 * UNITS_DAY)
#define UNITS_MONTH (730 * UNITS_HOUR)
#define UNITS_YEAR (8760 * UNITS_HOUR)

/* Beyond these magnitudes numbers print in scientific notation. */
#define UNITS_SCI_LARGE 1e15
#define UNITS_SCI_SMALL 1e-6

typedef struct units_spelling {
    const char *spelling;
    units_unit unit;
    bool per_second; /* QPS, Gbps, TFLOPS: the dimension per second */
} units_spelling;

#define U(sp, name, factor, dim) {sp, {name, factor, dim, false}, false}
#define UPS(sp, name, factor, dim) {sp, {name, factor, dim, false}, true}

static const units_spelling units_table[] = {
    /* data: SI (powers of 1000) and binary (powers of 1024) prefixes */
    U("B", "B", 1, UNITS_DATA), U("byte", "B", 1, UNITS_DATA), U("bytes", "B", 1, UNITS_DATA),
    U("kB", "KB", 1e3, UNITS_DATA), U("KB", "KB", 1e3, UNITS_DATA), U("MB", "MB", 1e6, UNITS_DATA),
    U("GB", "GB", 1e9, UNITS_DATA), U("TB", "TB", 1e12, UNITS_DATA), U("PB", "PB", 1e15, UNITS_DATA),
    U("EB", "EB", 1e18, UNITS_DATA),
    U("KiB", "KiB", 1024.0, UNITS_DATA), U("MiB", "MiB", 1048576.0, UNITS_DATA),
    U("GiB", "GiB", 1073741824.0, UNITS_DATA), U("TiB", "TiB", 1099511627776.0, UNITS_DATA),
    U("PiB", "PiB", 1125899906842624.0, UNITS_DATA), U("EiB", "EiB", 1152921504606846976.0, UNITS_DATA),
    U("bit", "bit", 0.125, UNITS_DATA), U("bits", "bit", 0.125, UNITS_DATA), U("Kbit", "Kbit", 125, UNITS_DATA),
    U("Mbit", "Mbit", 125e3, UNITS_DATA), U("Gbit", "Gbit", 125e6, UNITS_DATA), U("Tbit", "Tbit", 125e9, UNITS_DATA),
    UPS("bps", "bps", 0.125, UNITS_DATA), UPS("Kbps", "Kbps", 125, UNITS_DATA), UPS("Mbps", "Mbps", 125e3, UNITS_DATA),
    UPS("Gbps", "Gbps", 125e6, UNITS_DATA), UPS("Tbps", "Tbps", 125e9, UNITS_DATA),
    /* time */
    U("ns", "ns", 1e-9, UNITS_TIME), U("us", "\xc2\xb5s", 1e-6, UNITS_TIME), U("\xc2\xb5s", "\xc2\xb5s", 1e-6, UNITS_TIME),
    U("\xce\xbcs", "\xc2\xb5s", 1e-6, UNITS_TIME), U("ms", "ms", 1e-3, UNITS_TIME), U("s", "s", 1, UNITS_TIME),
    U("sec", "s", 1, UNITS_TIME), U("second", "s", 1, UNITS_TIME), U("seconds", "s", 1, UNITS_TIME),
    U("min", "min", UNITS_MIN, UNITS_TIME), U("minute", "min", UNITS_MIN, UNITS_TIME), U("minutes", "min", UNITS_MIN, UNITS_TIME),
    U("h", "h", UNITS_HOUR, UNITS_TIME), U("hr", "h", UNITS_HOUR, UNITS_TIME), U("hour", "h", UNITS_HOUR, UNITS_TIME),
    U("hours", "h", UNITS_HOUR, UNITS_TIME), U("day", "day", UNITS_DAY, UNITS_TIME), U("days", "days", UNITS_DAY, UNITS_TIME),
    U("week", "week", UNITS_WEEK, UNITS_TIME), U("weeks", "weeks", UNITS_WEEK, UNITS_TIME),
    U("month", "month", UNITS_MONTH, UNITS_TIME), U("months", "months", UNITS_MONTH, UNITS_TIME),
    U("year", "year", UNITS_YEAR, UNITS_TIME), U("years", "years", UNITS_YEAR, UNITS_TIME), U("yr", "year", UNITS_YEAR, UNITS_TIME),
    /* money */
    {"$", {"$", 1, UNITS_MONEY, true}, false}, U("USD", "USD", 1, UNITS_MONEY), U("dollar", "$", 1, UNITS_MONEY),
    U("dollars", "$", 1, UNITS_MONEY), U("cent", "cents", 0.01, UNITS_MONEY), U("cents", "cents", 0.01, UNITS_MONEY),
    /* counts */
    U("user", "user", 1, UNITS_USER), U("users", "users", 1, UNITS_USER),
    U("request", "request", 1, UNITS_REQUEST), U("requests", "requests", 1, UNITS_REQUEST),
    U("req", "request", 1, UNITS_REQUEST), U("reqs", "requests", 1, UNITS_REQUEST),
    U("query", "query", 1, UNITS_REQUEST), U("queries", "queries", 1, UNITS_REQUEST),
    UPS("QPS", "QPS", 1, UNITS_REQUEST), UPS("qps", "QPS", 1, UNITS_REQUEST), UPS("RPS", "RPS", 1, UNITS_REQUEST),
    UPS("rps", "RPS", 1, UNITS_REQUEST),
    U("token", "token", 1, UNITS_TOKEN), U("tokens", "tokens", 1, UNITS_TOKEN),
    U("item", "item", 1, UNITS_ITEM), U("items", "items", 1, UNITS_ITEM),
    U("GPU", "GPU", 1, UNITS_GPU), U("GPUs", "GPUs", 1, UNITS_GPU), U("gpu", "GPU", 1, UNITS_GPU), U("gpus", "GPUs", 1, UNITS_GPU),
    U("server", "server", 1, UNITS_SERVER), U("servers", "servers", 1, UNITS_SERVER), U("machine", "machine", 1, UNITS_SERVER),
    U("machines", "machines", 1, UNITS_SERVER), U("node", "node", 1, UNITS_SERVER), U("nodes", "nodes", 1, UNITS_SERVER),
    U("host", "host", 1, UNITS_SERVER), U("hosts", "hosts", 1, UNITS_SERVER), U("instance", "instance", 1, UNITS_SERVER),
    U("instances", "instances", 1, UNITS_SERVER),
    U("replica", "replica", 1, UNITS_REPLICA), U("replicas", "replicas", 1, UNITS_REPLICA),
    U("event", "event", 1, UNITS_EVENT), U("events", "events", 1, UNITS_EVENT),
    U("message", "message", 1, UNITS_MESSAGE), U("messages", "messages", 1, UNITS_MESSAGE),
    U("document", "document", 1, UNITS_DOCUMENT), U("documents", "documents", 1, UNITS_DOCUMENT),
    U("doc", "doc", 1, UNITS_DOCUMENT), U("docs", "docs", 1, UNITS_DOCUMENT),
    U("image", "image", 1, UNITS_IMAGE), U("images", "images", 1, UNITS_IMAGE),
    U("video", "video", 1, UNITS_VIDEO), U("videos", "videos", 1, UNITS_VIDEO),
    U("row", "row", 1, UNITS_ROW), U("rows", "rows", 1, UNITS_ROW),
    U("shard", "shard", 1, UNITS_SHARD), U("shards", "shards", 1, UNITS_SHARD),
    U("vector", "vector", 1, UNITS_VECTOR), U("vectors", "vectors", 1, UNITS_VECTOR),
    U("embedding", "embedding", 1, UNITS_VECTOR), U("embeddings", "embeddings", 1, UNITS_VECTOR),
    U("FLOP", "FLOP", 1, UNITS_FLOP), U("FLOPs", "FLOP", 1, UNITS_FLOP), U("GFLOP", "GFLOP", 1e9, UNITS_FLOP),
    U("TFLOP", "TFLOP", 1e12, UNITS_FLOP), U("PFLOP", "PFLOP", 1e15, UNITS_FLOP),
    UPS("FLOPS", "FLOPS", 1, UNITS_FLOP), UPS("GFLOPS", "GFLOPS", 1e9, UNITS_FLOP), UPS("TFLOPS", "TFLOPS", 1e12, UNITS_FLOP),
    UPS("PFLOPS", "PFLOPS", 1e15, UNITS_FLOP),
    U("sample", "sample", 1, UNITS_SAMPLE), U("samples", "samples", 1, UNITS_SAMPLE),
    U("session", "session", 1, UNITS_SESSION), U("sessions", "sessions", 1, UNITS_SESSION),
    U("click", "click", 1, UNITS_CLICK), U("clicks", "clicks", 1, UNITS_CLICK),
    /* ratios */
    U("%", "%", 0.01, UNITS_NDIMS),
};

#undef U
#undef UPS

/* Names of the dimensions in derived units: plural (numerator) and singular (denominator). */
static const char *const units_dim_plural[UNITS_NDIMS] = {
    "s", "B", "$", "users", "requests", "tokens", "items", "GPUs", "servers", "replicas", "events", "messages",
    "documents", "images", "videos", "rows", "shards", "vectors", "FLOP", "samples", "sessions", "clicks"};
static const char *const units_dim_singular[UNITS_NDIMS] = {
    "s", "B", "$", "user", "request", "token", "item", "GPU", "server", "replica", "event", "message",
    "document", "image", "video", "row", "shard", "vector", "FLOP", "sample", "session", "click"};

static const units_spelling *units_find_spelling(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof units_table / sizeof *units_table; i++)
        if (strlen(units_table[i].spelling) == n && !memcmp(units_table[i].spelling, s, n)) return &units_table[i];
    return NULL;
}

const units_unit *units_find(const char *s, size_t n)
{
    const units_spelling *sp = units_find_spelling(s, n);
    return sp ? &sp->unit : NULL;
}

bool units_is_unit_name(const char *name) { return units_find(name, strlen(name)) != NULL; }

units_q units_scalar(double v)
{
    units_q q;
    memset(&q, 0, sizeof q);
    q.v = v;
    return q;
}

units_q units_of(const units_unit *u, double v)
{
    units_q q = units_scalar(v * u->factor);
    if (u->dim < UNITS_NDIMS) q.d[u->dim] = 1;
    /* A per-second unit (QPS, Gbps): find its spelling entry to know. */
    for (size_t i = 0; i < sizeof units_table / sizeof *units_table; i++)
        if (&units_table[i].unit == u && units_table[i].per_second) q.d[UNITS_TIME] = -1;
    return q;
}

bool units_same_dims(const units_q *a, const units_q *b) { return !memcmp(a->d, b->d, sizeof a->d); }

bool units_dimensionless(const units_q *q)
{
    for (int i = 0; i < UNITS_NDIMS; i++)
        if (q->d[i]) return false;
    return true;
}

bool units_mul(units_q *out, const units_q *a, const units_q *b, int sign)
{
    units_q r = units_scalar(sign > 0 ? a->v * b->v : a->v / b->v);
    for (int i = 0; i < UNITS_NDIMS; i++) {
        int e = a->d[i] + sign * b->d[i];
        if (e > UNITS_MAX_EXPONENT || e < -UNITS_MAX_EXPONENT) return false;
        r.d[i] = (signed char)e;
    }
    *out = r;
    return true;
}

bool units_pow(units_q *out, const units_q *a, int exponent)
{
    units_q r = units_scalar(pow(a->v, exponent));
    for (int i = 0; i < UNITS_NDIMS; i++) {
        int e = a->d[i] * exponent;
        if (e > UNITS_MAX_EXPONENT || e < -UNITS_MAX_EXPONENT) return false;
        r.d[i] = (signed char)e;
    }
    *out = r;
    return true;
}

/* "requests/user/s": numerator dimensions (plural), then "/" and each denominator one. */
static void units_add_dims(util_buf *b, const signed char *d, bool skip_money)
{
    bool any = false;
    for (int i = 0; i < UNITS_NDIMS; i++) {
        if (d[i] <= 0 || (skip_money && i == UNITS_MONEY)) continue;
        if (any) util_buf_adds(b, "\xc2\xb7"); /* · */
        util_buf_adds(b, units_dim_plural[i]);
        if (d[i] > 1) util_buf_printf(b, "^%d", d[i]);
        any = true;
    }
    for (int i = 0; i < UNITS_NDIMS; i++) {
        if (d[i] >= 0) continue;
        util_buf_printf(b, "/%s", units_dim_singular[i]);
        if (d[i] < -1) util_buf_printf(b, "^%d", -d[i]);
    }
}

char *units_dims_string(const units_q *q)
{
    if (units_dimensionless(q)) return util_xstrdup("1");
    util_buf b = {0};
    units_add_dims(&b, q->d, false);
    return util_buf_steal(&b);
}

/* ---- numbers ---- */

static void units_add_thousands(util_buf *b, const char *digits)
{
    const char *p = digits;
    if (*p == '-') util_buf_addc(b, *p++);
    size_t intlen = strspn(p, "0123456789");
    for (size_t i = 0; i < intlen; i++) {
        if (i && (intlen - i) % 3 == 0) util_buf_addc(b, ',');
        util_buf_addc(b, p[i]);
    }
    util_buf_adds(b, p + intlen);
}

char *units_format_number(double v, const units_format *f, bool *rounded)
{
    char raw[64];
    int sig = f && f->sig > 0 ? (f->sig > UNITS_MAX_SIG ? UNITS_MAX_SIG : f->sig) : UNITS_DEFAULT_SIG;
    int dp = f ? f->dp : -1;
    if (dp > UNITS_MAX_DP) dp = UNITS_MAX_DP;
    if (!isfinite(v)) {
        if (rounded) *rounded = false;
        return util_xstrdup(isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf");
    }
    double a = fabs(v);
    bool sci = a != 0 && (a >= UNITS_SCI_LARGE || (dp < 0 && a < UNITS_SCI_SMALL));
    if (sci) {
        snprintf(raw, sizeof raw, "%.*e", sig - 1, v);
    } else if (dp >= 0) {
        snprintf(raw, sizeof raw, "%.*f", dp, v);
    } else if (a == 0) {
        snprintf(raw, sizeof raw, "0");
    } else {
        int e = (int)floor(log10(a));
        int decimals = sig - 1 - e;
        if (decimals >= 0) {
            snprintf(raw, sizeof raw, "%.*f", decimals, v);
        } else {
            double scale = pow(10, -decimals);
            snprintf(raw, sizeof raw, "%.0f", round(v / scale) * scale);
        }
        /* Trailing zeros after the decimal point say nothing: 1.20 → 1.2. */
        if (strchr(raw, '.')) {
            size_t n = strlen(raw);
            while (n && raw[n - 1] == '0') raw[--n] = '\0';
            if (n && raw[n - 1] == '.') raw[--n] = '\0';
        }
    }
    if (!strcmp(raw, "-0")) snprintf(raw, sizeof raw, "0");
    if (rounded) {
        double back = strtod(raw, NULL);
        *rounded = fabs(back - v) > 1e-12 * fabs(v);
    }
    util_buf b = {0};
    if (sci) {
        /* 1.23e+15 → 1.23e15 */
        char *e = strchr(raw, 'e');
        size_t m = (size_t)(e - raw);
        if (memchr(raw, '.', m)) {
            while (m && raw[m - 1] == '0') m--;
            if (m && raw[m - 1] == '.') m--;
        }
        util_buf_add(&b, raw, m);
        util_buf_addc(&b, 'e');
        const char *x = e + 1;
        if (*x == '+') x++;
        if (*x == '-') util_buf_addc(&b, *x++);
        while (*x == '0' && x[1]) x++;
        util_buf_adds(&b, x);
    } else {
        units_add_thousands(&b, raw);
    }
    return util_buf_steal(&b);
}

/* ---- quantities ---- */

/* Money shows cents as two digits: $2.1 → $2.10. */
static char *units_cents(char *num)
{
    const char *dot = strchr(num, '.');
    if (!dot || strlen(dot) != 2 || strchr(num, 'e')) return num;
    char *r = util_printf("%s0", num);
    free(num);
    return r;
}

typedef struct units_scale {
    const char *name;
    double factor;
} units_scale;

static const units_scale units_data_scale[] = {{"B", 1}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15}, {"EB", 1e18}};
static const units_scale units_time_scale[] = {{"ns", 1e-9}, {"\xc2\xb5s", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"min", UNITS_MIN},
                                               {"h", UNITS_HOUR}, {"days", UNITS_DAY}, {"years", UNITS_YEAR}};
static const units_scale units_money_scale[] = {{"", 1}, {"M", 1e6}, {"B", 1e9}, {"T", 1e12}};

/* The largest step the value reaches (the first for values below it). */
static const units_scale *units_pick(const units_scale *s, size_t n, double v)
{
    const units_scale *best = &s[0];
    for (size_t i = 0; i < n; i++)
        if (fabs(v) >= s[i].factor * (1 - 1e-12)) best = &s[i];
    return best;
}

/* Only these dimensions are non-zero (each with the given exponent; others zero). */
static bool units_only(const units_q *q, int d1, int e1, int d2, int e2)
{
    for (int i = 0; i < UNITS_NDIMS; i++) {
        int want = i == d1 ? e1 : i == d2 ? e2 : 0;
        if (q->d[i] != want) return false;
    }
    return true;
}

char *units_format_q(const units_q *q, const units_display *disp, const units_format *f, bool *rounded)
{
    util_buf b = {0};
    if (f && f->approx) util_buf_adds(&b, "\xe2\x89\x88 "); /* ≈ */
    char *num = NULL;
    if (disp) {
        double v = q->v / disp->unit.v;
        if (disp->money_prefix) {
            /* $21M/month: millions and more take a suffix (not when decimal places are asked for) */
            const units_scale *s = f && f->dp >= 0 ? &units_money_scale[0]
                                                   : units_pick(units_money_scale, sizeof units_money_scale / sizeof *units_money_scale, v);
            num = units_format_number(v / s->factor, f, rounded);
            if (!*s->name) num = units_cents(num);
            util_buf_printf(&b, "$%s%s%s", num, s->name, disp->text + 1);
        } else if (!*disp->text) {
            num = units_format_number(v, f, rounded);
            util_buf_adds(&b, num);
        } else {
            num = units_format_number(v, f, rounded);
            util_buf_printf(&b, "%s%s%s", num, !strcmp(disp->text, "%") ? "" : " ", disp->text);
        }
        free(num);
        return util_buf_steal(&b);
    }
    double v = q->v;
    if (units_dimensionless(q)) {
        num = units_format_number(v, f, rounded);
        util_buf_adds(&b, num);
    } else if (units_only(q, UNITS_DATA, 1, -1, 0) || units_only(q, UNITS_DATA, 1, UNITS_TIME, -1)) {
        const units_scale *s = units_pick(units_data_scale, sizeof units_data_scale / sizeof *units_data_scale, v);
        num = units_format_number(v / s->factor, f, rounded);
        util_buf_printf(&b, "%s %s%s", num, s->name, q->d[UNITS_TIME] ? "/s" : "");
    } else if (units_only(q, UNITS_TIME, 1, -1, 0)) {
        const units_scale *s = units_pick(units_time_scale, sizeof units_time_scale / sizeof *units_time_scale, v);
        num = units_format_number(v / s->factor, f, rounded);
        util_buf_printf(&b, "%s %s", num, s->name);
    } else if (units_only(q, UNITS_REQUEST, 1, UNITS_TIME, -1)) {
        num = units_format_number(v, f, rounded);
        util_buf_printf(&b, "%s QPS", num);
    } else if (q->d[UNITS_MONEY] == 1) {
        /* Money per unit of time reads best per month. */
        signed char d[UNITS_NDIMS];
        memcpy(d, q->d, sizeof d);
        bool monthly = d[UNITS_TIME] == -1;
        if (monthly) {
            v *= UNITS_MONTH;
            d[UNITS_TIME] = 0;
        }
        const units_scale *s = f && f->dp >= 0 ? &units_money_scale[0]
                                               : units_pick(units_money_scale, sizeof units_money_scale / sizeof *units_money_scale, v);
        num = units_format_number(v / s->factor, f, rounded);
        if (!*s->name) num = units_cents(num);
        util_buf_printf(&b, "$%s%s", num, s->name);
        d[UNITS_MONEY] = 0;
        bool numer = false;
        for (int i = 0; i < UNITS_NDIMS; i++) numer |= d[i] > 0;
        if (numer) util_buf_addc(&b, ' ');
        units_add_dims(&b, d, true);
        if (monthly) util_buf_adds(&b, "/month");
    } else {
        num = units_format_number(v, f, rounded);
        util_buf_adds(&b, num);
        int numer = 0, which = -1;
        for (int i = 0; i < UNITS_NDIMS; i++)
            if (q->d[i] > 0) numer++, which = i;
        if (numer) util_buf_addc(&b, ' ');
        if (numer == 1 && q->d[which] == 1 && !strcmp(num, "1")) {
            /* "1 user", "1 request/s" */
            util_buf_adds(&b, units_dim_singular[which]);
            signed char d[UNITS_NDIMS];
            memcpy(d, q->d, sizeof d);
            d[which] = 0;
            units_add_dims(&b, d, false);
        } else {
            units_add_dims(&b, q->d, false);
        }
    }
    free(num);
    return util_buf_steal(&b);
}
