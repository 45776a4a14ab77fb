// Method names, parsing and classification (declared in integrator.h).
#include <array>
#include <string_view>

#include "engine/core/error.h"
#include "engine/solvers/integrator.h"

namespace etsim {
namespace {

struct MethodName {
  SolverMethod method;
  std::string_view name;
};

constexpr std::array<MethodName, 11> kMethodNames{{
    {SolverMethod::ExplicitEuler, "euler"},
    {SolverMethod::Heun, "heun"},
    {SolverMethod::BogackiShampine, "bogacki_shampine"},
    {SolverMethod::RungeKutta4, "rk4"},
    {SolverMethod::AdamsBashforth2, "ab2"},
    {SolverMethod::Bdf2, "bdf2"},
    {SolverMethod::Sdirk2, "sdirk2"},
    {SolverMethod::CvodeBdf, "cvode_bdf"},
    {SolverMethod::CvodeAdams, "cvode_adams"},
    {SolverMethod::ArkodeErk, "arkode_erk"},
    {SolverMethod::ArkodeImex, "arkode_imex"},
}};

}  // namespace

std::string to_string(SolverMethod method) {
  for (const auto& entry : kMethodNames)
    if (entry.method == method) return std::string(entry.name);
  throw Error("to_string(SolverMethod): unknown method value " + std::to_string(static_cast<int>(method)));
}

SolverMethod solver_method_from_string(const std::string& name) {
  for (const auto& entry : kMethodNames)
    if (entry.name == name) return entry.method;
  std::string valid;
  for (const auto& entry : kMethodNames) {
    if (!valid.empty()) valid += ", ";
    valid += entry.name;
  }
  throw InputError("unknown solver method '" + name + "' (expected one of: " + valid + ")");
}

bool is_fixed_step(SolverMethod method) {
  switch (method) {
    case SolverMethod::ExplicitEuler:
    case SolverMethod::Heun:
    case SolverMethod::BogackiShampine:
    case SolverMethod::RungeKutta4:
    case SolverMethod::AdamsBashforth2:
    case SolverMethod::Bdf2:
    case SolverMethod::Sdirk2:
      return true;
    default:
      return false;
  }
}

bool restarts_at_discontinuities(SolverMethod method) {
  return method == SolverMethod::AdamsBashforth2;
}

}  // namespace etsim
