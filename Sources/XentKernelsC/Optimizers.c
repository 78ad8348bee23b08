// The AdamW update of XentTraining's optimiser, in the clone for the CPU (a default Swift build compiles its loops
// for SSE2 only). The operations are the Swift reference's, in the same order, with no fused multiply-add, so the
// result is the same bits in every clone and as the Swift loop it replaces.
#include "XentKernelsC.h"
#include "VectorMath.h"
#include <math.h>

XK_CLONES
void xk_adamw_update_f32(float *parameters, float *first, float *second, const float *gradients,
                         const float *decay_mask, long count, float beta1, float beta2, float epsilon,
                         float correction1, float correction2, float rate, float decay) {
#pragma clang fp contract(off)
    const float one_minus_beta1 = 1.0f - beta1;
    const float one_minus_beta2 = 1.0f - beta2;
    for (long i = 0; i < count; i++) {
        const float g = gradients[i];
        const float m = beta1 * first[i] + one_minus_beta1 * g;
        const float v = beta2 * second[i] + one_minus_beta2 * g * g;
        first[i] = m;
        second[i] = v;
        const float m_hat = m / correction1;
        const float v_hat = v / correction2;
        float p = parameters[i];
        p = p - decay * decay_mask[i] * p;
        p = p - rate * m_hat / (__builtin_sqrtf(v_hat) + epsilon);
        parameters[i] = p;
    }
}
