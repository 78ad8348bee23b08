// Float64 one-row primitives (see RowTemplate.h).
#include "XentRowKernels.h"
#include "DoubleBindings.h"
#include <stdlib.h>

#define VEXPR VEXP
#include "RowTemplate.h"
