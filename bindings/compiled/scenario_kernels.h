// The compiled kernels of the repository's scenarios (bindings/compiled/CMakeLists.txt lists them),
// for RunOptions::kernels / Simulator. Link etsim_compiled.
#pragma once

#include "engine/exec/compiled_kernel.h"

namespace etsim {
CompiledKernelList compiled_scenario_kernels();
}  // namespace etsim
