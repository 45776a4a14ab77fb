#include "engine/exec/kernel_generator.h"

#include "engine/core/error.h"

#include <cxxabi.h>

#include <algorithm>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <typeinfo>

namespace etsim {

std::string KernelGenerator::class_name(const Component& component) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(typeid(component).name(), nullptr, nullptr, &status), std::free);
  if (status != 0 || demangled == nullptr) return "";
  std::string name = demangled.get();
  // Classes local to one file cannot be named from the generated one.
  if (name.find("(anonymous namespace)") != std::string::npos || name.find('{') != std::string::npos) {
    return "";
  }
  return "::" + name;
}

namespace {

// Fused RK4 steps keep five stage vectors on the stack.
constexpr int kMaxFusedStates = 512;

class Writer {
 public:
  explicit Writer(const Model& model) : model_(model) {
    for (int c = 0; c < model.component_count(); ++c) classes_.push_back(KernelGenerator::class_name(model.component(c)));
  }

  std::ostringstream out;
  // Where inputs and outputs live: the run data ("k.u", "k.y") or arrays local to the function
  // ("u", "y"), which the compiler can keep in registers.
  const char* u = "k.u";
  const char* y = "k.y";
  // With local arrays: which outputs this function has computed so far. An input whose source is
  // not computed yet belongs to a call whose outputs do not depend on it (the sort guarantees
  // that); the interpreted loop copies a stale value there, this code a zero, never garbage.
  std::vector<char> computed;
  bool local_arrays_ = false;
  bool local() const { return local_arrays_; }
  void use_local_arrays(bool local_arrays) {
    local_arrays_ = local_arrays;
    u = local_arrays ? "u" : "k.u";
    y = local_arrays ? "y" : "k.y";
    computed.assign(model_.output_size(), 0);
  }
  bool available(int output) const { return !local() || computed[output] != 0; }

  // Within one generated function, an input written before keeps its value until one of its
  // source outputs is computed again (external inputs depend on t only, which is fixed for the
  // call): gathering it again would repeat the same loads and arithmetic, so it is skipped. Each
  // outputs call starts a new generation; an input remembers the generation it was written in.
  int generation = 0;
  std::vector<int> output_generation;  // per output: generation of its last computation, -1 none
  std::vector<int> input_generation;   // per input: generation it was written in, -1 not yet
  void begin_function() {
    generation = 0;
    output_generation.assign(model_.output_size(), -1);
    input_generation.assign(model_.input_size(), -1);
  }
  // Whether `input`, already written, still holds what `source` (an output index, or < 0 for an
  // external term) gives.
  bool source_unchanged(int input, int source) const {
    return input_generation[input] >= 0 &&
           (source < 0 || output_generation[source] <= input_generation[input]);
  }

  // "static_cast<const T*>(k.components[c])->T::" or "k.components[c]->" (virtual).
  std::string callee(int c) const {
    std::ostringstream s;
    if (classes_[c].empty()) {
      s << "k.components[" << c << "]->";
    } else {
      s << "static_cast<const " << classes_[c] << "*>(k.components[" << c << "])->" << classes_[c]
        << "::";
    }
    return s.str();
  }

  void comment(int c) {
    out << "  // " << model_.component(c).name() << " ("
        << (classes_[c].empty() ? std::string("virtual call") : classes_[c]) << ")\n";
  }

  void context(int c) {
    const ComponentLayout& l = model_.layout(c);
    out << "    const EvalContext e{t, x + " << l.state_offset << ", " << u << " + " << l.input_offset
        << ", " << y << " + " << l.output_offset << ", k.d + " << l.discrete_offset << ", k.work + "
        << l.work_offset << "};\n";
  }

  void status_check(int c) {
    out << "    if (s != RhsStatus::Ok) [[unlikely]] {\n      failed = " << c
        << ";\n      return s;\n    }\n";
  }

  template <typename Plan, typename Copies, typename Sums>
  void gather(const Plan& plan, const Copies& copies, const Sums& sums) {
    for (int j = plan.copy_begin; j < plan.copy_end; ++j) {
      const int input = copies[j].input;
      if (!available(copies[j].source)) {
        out << "  " << u << "[" << input << "] = 0.0;  // source not computed yet\n";
        input_generation[input] = -1;
        continue;
      }
      if (source_unchanged(input, copies[j].source)) continue;
      out << "  " << u << "[" << input << "] = " << y << "[" << copies[j].source << "];\n";
      input_generation[input] = generation;
    }
    const auto start = model_.input_term_start();
    const auto terms = model_.input_terms();
    for (int j = plan.sum_begin; j < plan.sum_end; ++j) {
      const int input = sums[j];
      bool ready = true;
      for (int n = start[input]; n < start[input + 1]; ++n) ready = ready && (terms[n] < 0 || available(terms[n]));
      if (!ready) {
        out << "  " << u << "[" << input << "] = 0.0;  // a source not computed yet\n";
        input_generation[input] = -1;
        continue;
      }
      bool current = input_generation[input] >= 0;
      for (int n = start[input]; n < start[input + 1] && current; ++n) current = source_unchanged(input, terms[n]);
      if (current) continue;
      input_generation[input] = generation;
      // Same order of additions as the interpreted loop (starting from 0.0), so results agree bit
      // for bit.
      out << "  " << u << "[" << input << "] = 0.0";
      for (int n = start[input]; n < start[input + 1]; ++n) {
        const int term = terms[n];
        if (term >= 0) {
          out << " + " << y << "[" << term << "]";
        } else {
          const int slot = -term - 1;
          out << " + (k.external_value[" << slot << "] + k.external_slope[" << slot
              << "] * (t - k.external_time[" << slot << "]))";
        }
      }
      out << ";\n";
    }
  }

  void outputs_call(int c) {
    comment(c);
    out << "  {\n";
    context(c);
    out << "    const RhsStatus s = " << callee(c) << "compute_outputs(e);\n";
    status_check(c);
    out << "  }\n";
    const ComponentLayout& l = model_.layout(c);
    if (local()) std::fill_n(computed.begin() + l.output_offset, l.output_count, 1);
    ++generation;
    std::fill_n(output_generation.begin() + l.output_offset, l.output_count, generation);
  }

  void derivatives_call(int c) {
    comment(c);
    out << "  {\n";
    context(c);
    out << "    const RhsStatus s = " << callee(c) << "compute_derivatives(e, xdot + "
        << model_.layout(c).state_offset << ");\n";
    status_check(c);
    out << "  }\n";
  }

  void zero_crossings_call(int c) {
    comment(c);
    out << "  {\n";
    context(c);
    out << "    " << callee(c) << "zero_crossings(e, g + " << model_.layout(c).zero_crossing_offset
        << ");\n  }\n";
  }

 private:
  const Model& model_;
  std::vector<std::string> classes_;
};

}  // namespace

std::string KernelGenerator::source(const ModelSystem& system, std::string_view name,
                                    std::string_view symbol, FusedStepMethod fused_step) {
  const Model& model = system.model();
  if (!model.algebraic_loops().empty()) {
    throw Error("kernel '" + std::string(name) + "': models with algebraic loops are not compiled");
  }
  Writer w(model);
  std::ostringstream& out = w.out;
  const std::string fn(symbol);
  out << "// Kernel '" << name << "': " << model.component_count() << " components, "
      << model.state_size() << " states, signature 0x" << std::hex << system.structure_signature()
      << std::dec << ".\n";
  out << "namespace {\n\n";

  // Small models: the derivatives are inlined into the fused RK4 step, where the compiler can keep
  // the stages in registers. Larger ones keep one out-of-line copy.
  const bool fuse = model.state_size() > 0 && model.state_size() <= kMaxFusedStates;
  const bool inline_derivatives =
      fuse && system.derivative_output_sequence_.size() + system.stateful_components_.size() <= 24;
  out << (inline_derivatives ? "[[gnu::always_inline]] inline " : "")
      << "etsim::RhsStatus " << fn << "_derivatives(const etsim::KernelData& k, double t, "
      << "const double* x, double* xdot, int& failed) {\n  using namespace etsim;\n";
  // Inputs and outputs computed for a right-hand side are scratch (recording and discrete updates
  // evaluate outputs again into the run data), so they live in local arrays here.
  out << "  double u[" << std::max(1, model.input_size()) << "], y[" << std::max(1, model.output_size())
      << "];\n";
  w.use_local_arrays(true);
  w.begin_function();
  for (int c : system.derivative_output_sequence_) {
    w.gather(system.plan_all_[c], system.copies_, system.sums_);
    w.outputs_call(c);
  }
  for (std::size_t j = 0; j < system.stateful_components_.size(); ++j) {
    const int c = system.stateful_components_[j];
    w.gather(system.plan_late_[j], system.copies_, system.sums_);
    w.derivatives_call(c);
  }
  out << "  (void)t;\n  (void)x;\n  (void)xdot;\n  (void)failed;\n  (void)k;\n  (void)u;\n  (void)y;\n"
      << "  return RhsStatus::Ok;\n}\n\n";
  w.use_local_arrays(false);

  out << "etsim::RhsStatus " << fn << "_outputs(const etsim::KernelData& k, double t, "
      << "const double* x, int& failed) {\n  using namespace etsim;\n";
  w.begin_function();
  for (int c : model.output_sequence()) {
    w.gather(system.plan_all_[c], system.copies_, system.sums_);
    w.outputs_call(c);
  }
  out << "  (void)t;\n  (void)x;\n  (void)failed;\n  (void)k;\n  return RhsStatus::Ok;\n}\n\n";

  // Per sample group, the outputs a hit needs (the same calls as the interpreted
  // evaluate_outputs_for_sample_group), into the run data.
  const auto& group_sequences = system.sample_group_output_sequences_;
  for (std::size_t g = 0; g < group_sequences.size(); ++g) {
    out << "etsim::RhsStatus " << fn << "_sample_group_outputs_" << g
        << "(const etsim::KernelData& k, double t, const double* x, int& failed) {\n"
        << "  using namespace etsim;\n";
    w.begin_function();
    for (int c : group_sequences[g]) {
      w.gather(system.plan_all_[c], system.copies_, system.sums_);
      w.outputs_call(c);
    }
    out << "  (void)t;\n  (void)x;\n  (void)failed;\n  (void)k;\n  return RhsStatus::Ok;\n}\n\n";
  }
  if (!group_sequences.empty()) {
    out << "const etsim::CompiledKernel::OutputsFunction " << fn << "_sample_group_outputs[] = {";
    for (std::size_t g = 0; g < group_sequences.size(); ++g) {
      out << (g > 0 ? ", " : "") << "&" << fn << "_sample_group_outputs_" << g;
    }
    out << "};\n\n";
  }

  out << "etsim::RhsStatus " << fn << "_zero_crossings(const etsim::KernelData& k, double t, "
      << "const double* x, double* g, int& failed) {\n  using namespace etsim;\n";
  w.begin_function();
  for (int c : system.zero_crossing_sequence_) {
    w.gather(system.plan_all_[c], system.copies_, system.sums_);
    w.outputs_call(c);
  }
  for (int c = 0; c < model.component_count(); ++c) {
    if (model.layout(c).zero_crossing_count == 0) continue;
    w.gather(system.plan_all_[c], system.copies_, system.sums_);
    w.zero_crossings_call(c);
  }
  out << "  (void)t;\n  (void)x;\n  (void)g;\n  (void)failed;\n  (void)k;\n  return RhsStatus::Ok;\n}\n\n";
  const bool fuse_rk4 = fuse && fused_step == FusedStepMethod::RungeKutta4;
  if (fuse_rk4) {
    const int n = model.state_size();
    // Small models: everything the step calls is inlined into it (flatten), as a hand-written
    // loop of the same equations would be.
    out << (inline_derivatives ? "[[gnu::flatten]] " : "")
        << "etsim::RhsStatus " << fn << "_rk4_step(const etsim::KernelData& k, double t, double h, "
        << "double* x, double* g, int& failed) {\n  using namespace etsim;\n  constexpr int n = " << n
        << ";\n  double k1[n], k2[n], k3[n], k4[n], stage[n];\n  const double half = 0.5 * h;\n"
        << "  RhsStatus s = " << fn << "_derivatives(k, t, x, k1, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  for (int i = 0; i < n; ++i) stage[i] = x[i] + half * k1[i];\n"
        << "  s = " << fn << "_derivatives(k, t + half, stage, k2, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  for (int i = 0; i < n; ++i) stage[i] = x[i] + half * k2[i];\n"
        << "  s = " << fn << "_derivatives(k, t + half, stage, k3, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  for (int i = 0; i < n; ++i) stage[i] = x[i] + h * k3[i];\n"
        << "  s = " << fn << "_derivatives(k, t + h, stage, k4, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  const double sixth = h / 6.0;\n"
        << "  for (int i = 0; i < n; ++i) x[i] += sixth * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);\n"
        << "  if (g != nullptr) return " << fn << "_zero_crossings(k, t + h, x, g, failed);\n"
        << "  return RhsStatus::Ok;\n}\n\n";
  }
  // Heun's step only where the derivatives inline (small models, e.g. a fast electrical
  // subsystem): elsewhere it would add compile time for little gain over the generic loop.
  const bool fuse_heun = fuse && inline_derivatives && fused_step == FusedStepMethod::Heun;
  if (fuse_heun) {
    const int n = model.state_size();
    out << "[[gnu::flatten]] etsim::RhsStatus " << fn
        << "_heun_step(const etsim::KernelData& k, double t, double h, double* x, double* g, "
        << "int& failed) {\n  using namespace etsim;\n  constexpr int n = " << n
        << ";\n  double k1[n], k2[n], stage[n];\n"
        << "  RhsStatus s = " << fn << "_derivatives(k, t, x, k1, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  for (int i = 0; i < n; ++i) stage[i] = x[i] + h * k1[i];\n"
        << "  s = " << fn << "_derivatives(k, t + h, stage, k2, failed);\n"
        << "  if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "  const double half = 0.5 * h;\n"
        << "  for (int i = 0; i < n; ++i) x[i] += half * (k1[i] + k2[i]);\n"
        << "  if (g != nullptr) return " << fn << "_zero_crossings(k, t + h, x, g, failed);\n"
        << "  return RhsStatus::Ok;\n}\n\n";
  }
  // The two-step Adams-Bashforth steps, likewise only where the derivatives inline: `count` steps
  // in one call (the integrator passes the whole steps up to the next stop), each followed by the
  // integrator's finiteness check of the state. The Heun start (no history) is the rare branch:
  // it runs once after each restart.
  const bool fuse_ab2 = fuse && inline_derivatives && fused_step == FusedStepMethod::AdamsBashforth2;
  if (fuse_ab2) {
    const int n = model.state_size();
    out << "[[gnu::flatten]] etsim::RhsStatus " << fn
        << "_adams_bashforth2_steps(const etsim::KernelData& k, double t, double h, int count, "
        << "double previous_step, double* x, double* previous_derivative, double* g, "
        << "int& steps_taken, int& failed) {\n"
        << "  using namespace etsim;\n  constexpr int n = " << n << ";\n  double f[n];\n"
        << "  steps_taken = 0;\n"
        << "  for (int step = 0; step < count; ++step) {\n"
        << "    RhsStatus s = " << fn << "_derivatives(k, t, x, f, failed);\n"
        << "    if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "    if (previous_step > 0.0) [[likely]] {\n"
        << "      const double half_ratio = 0.5 * h / previous_step;\n"
        << "      const double weight_now = h * (1.0 + half_ratio);\n"
        << "      const double weight_before = h * half_ratio;\n"
        << "      for (int i = 0; i < n; ++i) x[i] += weight_now * f[i] - weight_before * previous_derivative[i];\n"
        << "    } else {\n"
        << "      double k2[n], stage[n];\n"
        << "      for (int i = 0; i < n; ++i) stage[i] = x[i] + h * f[i];\n"
        << "      s = " << fn << "_derivatives(k, t + h, stage, k2, failed);\n"
        << "      if (s != RhsStatus::Ok) [[unlikely]] return s;\n"
        << "      const double half = 0.5 * h;\n"
        << "      for (int i = 0; i < n; ++i) x[i] += half * (f[i] + k2[i]);\n"
        << "    }\n"
        << "    for (int i = 0; i < n; ++i) previous_derivative[i] = f[i];\n"
        << "    previous_step = h;\n"
        << "    t = t + h;\n"
        << "    ++steps_taken;\n"
        << "    double finite = 0.0;  // x - x is 0 for finite x, NaN otherwise\n"
        << "    for (int i = 0; i < n; ++i) finite += x[i] - x[i];\n"
        << "    if (finite != 0.0) [[unlikely]] break;\n"
        << "  }\n"
        << "  if (g != nullptr) return " << fn << "_zero_crossings(k, t, x, g, failed);\n"
        << "  return RhsStatus::Ok;\n}\n\n";
  }
  out << "}  // namespace\n\n";

  std::string quoted;
  for (char ch : name) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  out << "const etsim::CompiledKernel " << fn << "{\"" << quoted << "\", 0x" << std::hex
      << system.structure_signature() << std::dec << "ull, &" << fn << "_derivatives, &" << fn
      << "_outputs, &" << fn << "_zero_crossings, "
      << (fuse_rk4 ? "&" + fn + "_rk4_step" : std::string("nullptr")) << ", "
      << (fuse_heun ? "&" + fn + "_heun_step" : std::string("nullptr")) << ", "
      << (fuse_ab2 ? "&" + fn + "_adams_bashforth2_steps" : std::string("nullptr")) << ", "
      << (group_sequences.empty() ? std::string("nullptr") : fn + "_sample_group_outputs") << ", "
      << group_sequences.size() << "};\n";
  return out.str();
}

std::string KernelGenerator::file(std::span<const Unit> units, std::string_view function,
                                  std::span<const std::string> includes,
                                  std::string_view generated_from) {
  std::ostringstream out;
  out << "// Generated by etsim-codegen from " << generated_from << ". Do not edit: regenerate.\n";
  out << "#include \"engine/exec/compiled_kernel.h\"\n";
  out << "// Every component writes all of its derivatives (Component's contract); the compiler cannot\n"
      << "// see that through run-time flags, hence:\n"
      << "#pragma GCC diagnostic ignored \"-Wmaybe-uninitialized\"\n";
  for (const std::string& include : includes) out << "#include \"" << include << "\"\n";
  out << "\n";
  std::vector<std::uint64_t> written;
  std::vector<std::string> symbols;
  for (const Unit& unit : units) {
    if (!unit.system->model().algebraic_loops().empty()) {
      out << "// '" << unit.name << "': no kernel (its algebraic loops are solved by the interpreted "
          << "evaluation)\n\n";
      continue;
    }
    const std::uint64_t signature = unit.system->structure_signature();
    bool duplicate = false;
    for (std::uint64_t seen : written) duplicate = duplicate || seen == signature;
    if (duplicate) continue;
    written.push_back(signature);
    symbols.push_back("kernel_" + std::to_string(symbols.size()));
    out << source(*unit.system, unit.name, symbols.back(), unit.fused_step) << "\n";
  }
  out << "namespace etsim {\n\nCompiledKernelList " << function << "() {\n";
  if (symbols.empty()) {
    out << "  return {};\n";
  } else {
    out << "  static const CompiledKernel* const kernels[] = {";
    for (std::size_t k = 0; k < symbols.size(); ++k) out << (k == 0 ? "" : ", ") << "&" << symbols[k];
    out << "};\n  return kernels;\n";
  }
  out << "}\n\n}  // namespace etsim\n";
  return out.str();
}

std::string KernelGenerator::file_for_model(const Model& model, std::string_view name,
                                            std::string_view function,
                                            std::span<const std::string> includes,
                                            std::string_view generated_from,
                                            FusedStepMethod fused_step) {
  RunData data = make_run_data(model);
  const ModelSystem system(model, data);
  const Unit units[] = {{std::string(name), &system, fused_step}};
  return file(units, function, includes, generated_from);
}

}  // namespace etsim
