// Float64 fused linear + cross-entropy kernels: the template with 8 lanes (the checking precision).
#include "XentKernelsC.h"
#include "DoubleBindings.h"

#include "LinearCrossEntropyTemplate.h"
