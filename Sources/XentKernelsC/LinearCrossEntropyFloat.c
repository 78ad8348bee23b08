// Float32 fused linear + cross-entropy kernels: the template with 16 lanes, sums of exponentials in double.
#include "XentKernelsC.h"
#include "FloatBindings.h"

#include "LinearCrossEntropyTemplate.h"
