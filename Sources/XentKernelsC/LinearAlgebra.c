// Dense linear algebra for XentTraining's linear heads (ridge and logistic regression fitted in the space the
// training series span): the Gram matrix of a feature matrix, and the eigendecomposition of a symmetric matrix.
// Double precision throughout. No fused multiply-add (a float product is exact in double anyway), fixed summation
// lanes: every run-time clone gives the same bits.
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "XentKernelsC.h"
#include "VectorMath.h"

#pragma STDC FP_CONTRACT OFF

typedef double xk_v4d __attribute__((vector_size(32)));
typedef float xk_v4f __attribute__((vector_size(16)));

// Macros rather than functions: a helper taking or returning a 256-bit vector would need the AVX ABI in the
// default (SSE2) clone.
#define XK_LOAD4(p) ({ xk_v4f v_; memcpy(&v_, (p), sizeof v_); __builtin_convertvector(v_, xk_v4d); })
#define XK_SUM4(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

enum { XK_GRAM_TILE = 32, XK_GRAM_CHUNK = 1024 };

XK_CLONES
void xk_gram_rows_f32(const float *x, long n, long p, long row_begin, long row_end, double *g) {
#pragma clang fp contract(off)
    // Every entry g[i, j] (j <= i) is the same sum whatever the tiling: four lanes over q = 0, 4, 8, … (lane l adds
    // x[i, q + l] x[j, q + l] in ascending q), the lanes added as (l0 + l1) + (l2 + l3), then the p % 4 tail in
    // ascending order. The tiling only decides what stays in cache: tiles of 32 x 32 pairs whose lane sums live in
    // `lanes` while chunks of 1024 columns of their 64 rows pass through L1/L2, two rows by four at a time.
    const long vp = p - p % 4;
    xk_v4d lanes[XK_GRAM_TILE * XK_GRAM_TILE];
    for (long i0 = row_begin; i0 < row_end; i0 += XK_GRAM_TILE) {
        const long i1 = i0 + XK_GRAM_TILE < row_end ? i0 + XK_GRAM_TILE : row_end;
        for (long j0 = 0; j0 < i1; j0 += XK_GRAM_TILE) {
            const long j1 = j0 + XK_GRAM_TILE < i1 ? j0 + XK_GRAM_TILE : i1;
            const xk_v4d zero = {0, 0, 0, 0};
            for (long t = 0; t < XK_GRAM_TILE * XK_GRAM_TILE; t++) lanes[t] = zero;
#define XK_LANE(i, j) lanes[((i) - i0) * XK_GRAM_TILE + ((j) - j0)]
            for (long q0 = 0; q0 < vp; q0 += XK_GRAM_CHUNK) {
                const long q1 = q0 + XK_GRAM_CHUNK < vp ? q0 + XK_GRAM_CHUNK : vp;
                for (long i = i0; i < i1; i++) {
                    // Row i pairs with j in [j0, min(j1, i + 1)); rows i and i + 1 share the columns j <= i.
                    const long jmax = j1 < i + 1 ? j1 : i + 1;
                    const int pair = i + 1 < i1;
                    const float *xa = x + i * p, *xb = x + (i + 1) * p;
                    long j = j0;
                    if (pair) {
                        for (; j + 4 <= jmax; j += 4) {
                            const float *y0 = x + j * p, *y1 = y0 + p, *y2 = y1 + p, *y3 = y2 + p;
                            xk_v4d a0 = XK_LANE(i, j), a1 = XK_LANE(i, j + 1), a2 = XK_LANE(i, j + 2),
                                   a3 = XK_LANE(i, j + 3);
                            xk_v4d b0 = XK_LANE(i + 1, j), b1 = XK_LANE(i + 1, j + 1), b2 = XK_LANE(i + 1, j + 2),
                                   b3 = XK_LANE(i + 1, j + 3);
                            for (long q = q0; q < q1; q += 4) {
                                const xk_v4d u = XK_LOAD4(xa + q), v = XK_LOAD4(xb + q);
                                const xk_v4d w0 = XK_LOAD4(y0 + q), w1 = XK_LOAD4(y1 + q);
                                a0 = a0 + u * w0;
                                b0 = b0 + v * w0;
                                a1 = a1 + u * w1;
                                b1 = b1 + v * w1;
                                const xk_v4d w2 = XK_LOAD4(y2 + q), w3 = XK_LOAD4(y3 + q);
                                a2 = a2 + u * w2;
                                b2 = b2 + v * w2;
                                a3 = a3 + u * w3;
                                b3 = b3 + v * w3;
                            }
                            XK_LANE(i, j) = a0;
                            XK_LANE(i, j + 1) = a1;
                            XK_LANE(i, j + 2) = a2;
                            XK_LANE(i, j + 3) = a3;
                            XK_LANE(i + 1, j) = b0;
                            XK_LANE(i + 1, j + 1) = b1;
                            XK_LANE(i + 1, j + 2) = b2;
                            XK_LANE(i + 1, j + 3) = b3;
                        }
                    }
                    for (; j < jmax; j++) {
                        const float *y = x + j * p;
                        xk_v4d a = XK_LANE(i, j), b = pair ? XK_LANE(i + 1, j) : zero;
                        for (long q = q0; q < q1; q += 4) {
                            const xk_v4d w = XK_LOAD4(y + q);
                            a = a + XK_LOAD4(xa + q) * w;
                            if (pair) b = b + XK_LOAD4(xb + q) * w;
                        }
                        XK_LANE(i, j) = a;
                        if (pair) XK_LANE(i + 1, j) = b;
                    }
                    if (pair) {
                        // Row i + 1 also pairs with j = i + 1 when that column is in this tile.
                        if (i + 1 < j1 && i + 1 >= j0) {
                            xk_v4d b = XK_LANE(i + 1, i + 1);
                            for (long q = q0; q < q1; q += 4) {
                                const xk_v4d v = XK_LOAD4(xb + q);
                                b = b + v * v;
                            }
                            XK_LANE(i + 1, i + 1) = b;
                        }
                        i++;
                    }
                }
            }
            for (long i = i0; i < i1; i++) {
                const long jmax = j1 < i + 1 ? j1 : i + 1;
                for (long j = j0; j < jmax; j++) {
                    double s = XK_SUM4(XK_LANE(i, j));
                    for (long q = vp; q < p; q++) s = s + (double)x[i * p + q] * (double)x[j * p + q];
                    g[i * n + j] = s;
                    g[j * n + i] = s;
                }
            }
#undef XK_LANE
        }
    }
}

XK_CLONES
void xk_transpose_product_f32(const float *x, long n, long p, const double *a, long k, long column_begin,
                              long column_end, double *w) {
#pragma clang fp contract(off)
    // w[c, :] = sum_i x[i, c] * a[i, :], the sum over i ascending.
    for (long c = column_begin; c < column_end; c++) {
        for (long t = 0; t < k; t++) w[c * k + t] = 0;
    }
    for (long i = 0; i < n; i++) {
        const float *xi = x + i * p;
        const double *ai = a + i * k;
        for (long c = column_begin; c < column_end; c++) {
            const double v = (double)xi[c];
            double *wc = w + c * k;
            for (long t = 0; t < k; t++) wc[t] = wc[t] + v * ai[t];
        }
    }
}

// Householder reduction of the symmetric matrix in v (n x n) to tridiagonal form, accumulating the transformation
// in v (the EISPACK tred2 scheme). V(r, c) addresses v column-major, as EISPACK's Fortran does, so that every inner
// loop (over the first index) runs along contiguous memory; the matrix is symmetric, so reading it column-major
// reads the same matrix, and on return the k-th column of the transformation is the k-th row of v in memory. On
// return d holds the diagonal, e the sub-diagonal in e[1..n-1].
// The rank-2 update of step i: columns j < i of the trailing matrix, in pairs (t, i - 1 - t) so that every unit of
// work is the same size; each column's new d (its row i - 1) goes to next_d, since d[k >= j] is still read.
typedef struct {
    double *v, *d, *e, *next_d;
    long n, i;
} xk_tridiagonal_step;

static void xk_update_column(const xk_tridiagonal_step *s, long j) {
    double *v = s->v;
    const long n = s->n, i = s->i;
    const double f = s->d[j], g = s->e[j];
    for (long k = j; k <= i - 1; k++) v[j * n + k] -= (f * s->e[k] + g * s->d[k]);
    s->next_d[j] = v[j * n + i - 1];
    v[j * n + i] = 0;
}

static void xk_update_columns(void *arg, long begin, long end) {
    const xk_tridiagonal_step *s = arg;
    for (long t = begin; t < end; t++) {
        xk_update_column(s, t);
        if (s->i - 1 - t != t) xk_update_column(s, s->i - 1 - t);
    }
}

// One step of accumulating the transformation: columns j in begin..<end (of 0...i) lose their component along
// column i + 1, scaled by d.
static void xk_accumulate_columns(void *arg, long begin, long end) {
    const xk_tridiagonal_step *s = arg;
    double *v = s->v;
    const long n = s->n, i = s->i;
    const double *u = v + (i + 1) * n;
    for (long j = begin; j < end; j++) {
        double *c = v + j * n;
        double g = 0;
        for (long k = 0; k <= i; k++) g += u[k] * c[k];
        for (long k = 0; k <= i; k++) c[k] -= g * s->d[k];
    }
}

static void xk_run(xk_parallel_for parallel, void *context, long count, xk_parallel_body body, void *arg) {
    if (count <= 0) return;
    if (parallel) parallel(context, count, body, arg);
    else body(arg, 0, count);
}

static void xk_tridiagonalize(double *v, long n, double *d, double *e, double *next_d, xk_parallel_for parallel,
                              void *context) {
#define V(r, c) v[(c) * n + (r)]
    for (long j = 0; j < n; j++) d[j] = V(n - 1, j);
    for (long i = n - 1; i > 0; i--) {
        double scale = 0, h = 0;
        for (long k = 0; k < i; k++) scale += fabs(d[k]);
        if (scale == 0) {
            e[i] = d[i - 1];
            for (long j = 0; j < i; j++) {
                d[j] = V(i - 1, j);
                V(i, j) = 0;
                V(j, i) = 0;
            }
        } else {
            for (long k = 0; k < i; k++) {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            double f = d[i - 1];
            double g = sqrt(h);
            if (f > 0) g = -g;
            e[i] = scale * g;
            h = h - f * g;
            d[i - 1] = f - g;
            for (long j = 0; j < i; j++) e[j] = 0;
            for (long j = 0; j < i; j++) {
                f = d[j];
                V(j, i) = f;
                g = e[j] + V(j, j) * f;
                for (long k = j + 1; k <= i - 1; k++) {
                    g += V(k, j) * d[k];
                    e[k] += V(k, j) * f;
                }
                e[j] = g;
            }
            f = 0;
            for (long j = 0; j < i; j++) {
                e[j] /= h;
                f += e[j] * d[j];
            }
            const double hh = f / (h + h);
            for (long j = 0; j < i; j++) e[j] -= hh * d[j];
            xk_tridiagonal_step step = {v, d, e, next_d, n, i};
            xk_run(parallel, context, (i + 1) / 2, xk_update_columns, &step);
            for (long j = 0; j < i; j++) d[j] = next_d[j];
        }
        d[i] = h;
    }
    for (long i = 0; i < n - 1; i++) {
        V(n - 1, i) = V(i, i);
        V(i, i) = 1;
        const double h = d[i + 1];
        if (h != 0) {
            for (long k = 0; k <= i; k++) d[k] = V(k, i + 1) / h;
            xk_tridiagonal_step step = {v, d, e, next_d, n, i};
            xk_run(parallel, context, i + 1, xk_accumulate_columns, &step);
        }
        for (long k = 0; k <= i; k++) V(k, i + 1) = 0;
    }
    for (long j = 0; j < n; j++) {
        d[j] = V(n - 1, j);
        V(n - 1, j) = 0;
    }
    V(n - 1, n - 1) = 1;
    e[0] = 0;
#undef V
}

XK_CLONES
void xk_apply_rotations_f64(double *vt, long n, const int64_t *rows, const double *cs, long count, long column_begin,
                            long column_end) {
#pragma clang fp contract(off)
    // Columns in blocks of 256 (2 KiB of each row): within a block every rotation reuses the row the one before it
    // just wrote. Measured on n = 1 500 and 3 000: narrower blocks (32 to 128) are slower, their loop overhead
    // outweighing the cache they save.
    const long width = 256;
    for (long k0 = column_begin; k0 < column_end; k0 += width) {
        const long k1 = k0 + width < column_end ? k0 + width : column_end;
        for (long r = 0; r < count; r++) {
            const double c = cs[2 * r], s = cs[2 * r + 1];
            double *a = vt + rows[r] * n, *b = a + n;
            for (long k = k0; k < k1; k++) {
                const double hb = b[k];
                b[k] = s * a[k] + c * hb;
                a[k] = c * a[k] - s * hb;
            }
        }
    }
}

// The rotations of the QL iterations, logged and applied in batches, the columns split by `parallel`.
typedef struct {
    int64_t *rows;
    double *cs;
    long count, capacity;
    double *vt;
    long n;
    xk_parallel_for parallel;
    void *context;
} xk_rotation_log;

static void xk_apply_logged(void *arg, long begin, long end) {
    const xk_rotation_log *log = arg;
    xk_apply_rotations_f64(log->vt, log->n, log->rows, log->cs, log->count, begin, end);
}

static void xk_log_flush(xk_rotation_log *log) {
    if (log->count == 0) return;
    xk_run(log->parallel, log->context, log->n, xk_apply_logged, log);
    log->count = 0;
}

static void xk_log_rotation(xk_rotation_log *log, long i, double c, double s) {
    log->rows[log->count] = i;
    log->cs[2 * log->count] = c;
    log->cs[2 * log->count + 1] = s;
    if (++log->count == log->capacity) xk_log_flush(log);
}

// Implicit QL iterations on the tridiagonal (d, e), rotating the rows of log->vt (vt[k] is the k-th column of the
// transformation: rows, not columns, so that each rotation reads two contiguous rows). The rotations of vt do not
// feed back into (d, e), so they are logged and applied in batches, column block by column block: every element
// still meets the same rotations in the same order (the same bits), with the rows a batch touches in cache and
// the column blocks free to run on several threads. Returns 0, or -1 when an eigenvalue needs more than 60
// iterations.
static int xk_tridiagonal_ql(long n, double *d, double *e, xk_rotation_log *log) {
#pragma clang fp contract(off)
    for (long i = 1; i < n; i++) e[i - 1] = e[i];
    e[n - 1] = 0;
    double f = 0, tst1 = 0;
    const double eps = 0x1p-52;
    for (long l = 0; l < n; l++) {
        tst1 = fmax(tst1, fabs(d[l]) + fabs(e[l]));
        long m = l;
        while (m < n) {
            if (fabs(e[m]) <= eps * tst1) break;
            m++;
        }
        if (m == n) m = n - 1;
        if (m > l) {
            int iterations = 0;
            do {
                if (++iterations > 60) return -1;
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = hypot(p, 1);
                if (p < 0) r = -r;
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                const double dl1 = d[l + 1];
                double h = g - d[l];
                for (long i = l + 2; i < n; i++) d[i] -= h;
                f += h;
                p = d[m];
                double c = 1, c2 = c, c3 = c, s = 0, s2 = 0;
                const double el1 = e[l + 1];
                for (long i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    xk_log_rotation(log, i, c, s);
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
            } while (fabs(e[l]) > eps * tst1);
        }
        d[l] = d[l] + f;
        e[l] = 0;
    }
    xk_log_flush(log);
    return 0;
}

XK_CLONES
int xk_symmetric_eigen_f64(double *a, long n, double *values, double *scratch, xk_parallel_for parallel,
                           void *context) {
#pragma clang fp contract(off)
    if (n <= 0) return 0;
    double *e = scratch;
    xk_tridiagonalize(a, n, values, e, scratch + n, parallel, context);
    // A log of 2^16 rotations (1.5 MiB); one entry on the stack when that cannot be allocated.
    int64_t one_row;
    double one_cs[2];
    xk_rotation_log log = {malloc(sizeof(int64_t) << 16), malloc(2 * sizeof(double) << 16), 0, 1L << 16, a, n,
                           parallel, context};
    if (!log.rows || !log.cs) {
        free(log.rows);
        free(log.cs);
        log.rows = &one_row;
        log.cs = one_cs;
        log.capacity = 1;
    }
    const int status = xk_tridiagonal_ql(n, values, e, &log);
    if (log.capacity > 1) {
        free(log.rows);
        free(log.cs);
    }
    if (status != 0) return -1;
    // Sort ascending (selection sort on the values, swapping whole rows: row k is the k-th eigenvector).
    for (long i = 0; i < n - 1; i++) {
        long best = i;
        for (long j = i + 1; j < n; j++) {
            if (values[j] < values[best]) best = j;
        }
        if (best != i) {
            const double t = values[i];
            values[i] = values[best];
            values[best] = t;
            double *x = a + i * n, *y = a + best * n;
            for (long k = 0; k < n; k++) {
                const double s = x[k];
                x[k] = y[k];
                y[k] = s;
            }
        }
    }
    return 0;
}
