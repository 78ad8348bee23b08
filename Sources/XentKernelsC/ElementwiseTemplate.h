// Elementwise exp, log and sigmoid: part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

XK_CLONES void SFX(xk_exp)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, VEXP(LOAD(x + i)));
    if (i < n) {
        T buf[W] = {0};
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, VEXP(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}

XK_CLONES void SFX(xk_log)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, VLOG(LOAD(x + i)));
    if (i < n) {
        T buf[W];
        for (int j = 0; j < W; j++) buf[j] = 1;
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, VLOG(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}

#define SIGMOID_V(X_) ({ \
    V x_ = (X_); \
    V ax_ = SEL(x_ < (T)0, -x_, x_); \
    V u_ = VEXP(-ax_); \
    V rcp_ = (T)1 / ((T)1 + u_); \
    SEL(x_ < (T)0, u_ * rcp_, rcp_); \
})

XK_CLONES void SFX(xk_sigmoid)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, SIGMOID_V(LOAD(x + i)));
    if (i < n) {
        T buf[W] = {0};
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, SIGMOID_V(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}
