// Writes the compiled kernel (compiled_kernel.h) of one model as C++ source: ModelSystem's
// evaluation plan unrolled into straight-line code with constant indices and direct calls on each
// component's concrete class (found with RTTI; a class that cannot be named from outside its file,
// e.g. one in an anonymous namespace, is called through the virtual interface instead).
//
// The generated text needs, in the translation unit that compiles it, the headers declaring every
// component class it names and "engine/exec/compiled_kernel.h"; the tool `etsim-codegen`
// (bindings/codegen) writes whole files.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/exec/model_system.h"

namespace etsim {

class KernelGenerator {
 public:
  // C++ source defining `const etsim::CompiledKernel <symbol>` (at namespace scope of the
  // including file) for the system's model. `name` becomes CompiledKernel::name. `fused_step`:
  // the one explicit method whose fused step is written (the model's own fixed-step method; a
  // second fused function in the same kernel changes how GCC inlines the first, measured 87 ->
  // 120 ns for the example's RK4 step, so only one is written). Heun's step is written only for
  // models whose right-hand side is inlined (small ones).
  static std::string source(const ModelSystem& system, std::string_view name, std::string_view symbol,
                            FusedStepMethod fused_step = FusedStepMethod::RungeKutta4);

  // The fully qualified class of a component as C++ spells it, or "" when it cannot be named.
  static std::string class_name(const Component& component);

  // A whole translation unit: the includes, one kernel per system (a structure that occurs twice
  // is written once) and `etsim::CompiledKernelList etsim::<function>()` returning them all.
  struct Unit {
    std::string name;
    const ModelSystem* system = nullptr;
    FusedStepMethod fused_step = FusedStepMethod::RungeKutta4;
  };
  static std::string file(std::span<const Unit> units, std::string_view function,
                          std::span<const std::string> includes, std::string_view generated_from);
  // The same for one model (e.g. one built in code by a bench).
  static std::string file_for_model(const Model& model, std::string_view name,
                                    std::string_view function, std::span<const std::string> includes,
                                    std::string_view generated_from,
                                    FusedStepMethod fused_step = FusedStepMethod::RungeKutta4);
};

}  // namespace etsim
