#include "engine/exec/kernel_generator.h"

#include <gtest/gtest.h>

#include "engine/exec/model_system.h"
#include "models/thermal/thermal_elements.h"

namespace etsim {
namespace {

// A class the generated file cannot name: called through the virtual interface.
class LocalHeater final : public Component {
 public:
  explicit LocalHeater(std::string name) : Component(std::move(name)) {
    add_port("node", PortKind::Thermal, PortRole::B);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "LocalHeater"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = 10.0;
    return RhsStatus::Ok;
  }
};

Model heated_mass() {
  ModelBuilder builder;
  builder.add(std::make_unique<thermal::ThermalMass>("mass", 100.0, 300.0));
  builder.add(std::make_unique<LocalHeater>("heater"));
  builder.connect("heater.node", "mass.node");
  return builder.build();
}

TEST(KernelGenerator, NamesClassesThatCanBeNamed) {
  thermal::ThermalMass mass("m", 1.0, 300.0);
  LocalHeater heater("h");
  EXPECT_EQ(KernelGenerator::class_name(mass), "::etsim::thermal::ThermalMass");
  EXPECT_EQ(KernelGenerator::class_name(heater), "");
}

TEST(KernelGenerator, WritesDirectCallsAndVirtualFallbacks) {
  const Model model = heated_mass();
  RunData data = make_run_data(model);
  ModelSystem system(model, data);
  const std::string text = KernelGenerator::source(system, "heated", "kernel_heated");
  EXPECT_NE(text.find("::etsim::thermal::ThermalMass::compute_derivatives(e, xdot + 0)"), std::string::npos);
  EXPECT_NE(text.find("k.components[1]->compute_outputs(e)"), std::string::npos) << text;
  EXPECT_NE(text.find("kernel_heated_rk4_step"), std::string::npos);
  EXPECT_NE(text.find("\"heated\""), std::string::npos);
}

TEST(KernelGenerator, SignatureFollowsStructureNotParameters) {
  const Model a = heated_mass();
  ModelBuilder other;
  other.add(std::make_unique<thermal::ThermalMass>("mass", 5000.0, 350.0));  // other parameters
  other.add(std::make_unique<LocalHeater>("heater"));
  other.connect("heater.node", "mass.node");
  const Model b = other.build();
  ModelBuilder different;
  different.add(std::make_unique<thermal::ThermalMass>("mass", 100.0, 300.0));
  different.add(std::make_unique<thermal::ThermalMass>("second", 100.0, 300.0));
  different.add(std::make_unique<LocalHeater>("heater"));
  different.add(std::make_unique<thermal::ThermalConductance>("link", 1.0));
  different.connect("heater.node", "mass.node");
  different.connect("link.a", "mass.node");
  different.connect("link.b", "second.node");
  const Model c = different.build();
  RunData da = make_run_data(a), db = make_run_data(b), dc = make_run_data(c);
  const ModelSystem sa(a, da), sb(b, db), sc(c, dc);
  EXPECT_EQ(sa.structure_signature(), sb.structure_signature());
  EXPECT_NE(sa.structure_signature(), sc.structure_signature());
  // A kernel list without a match leaves the interpreted evaluation in place.
  ModelSystem system(a, da);
  const CompiledKernel foreign{"foreign", sc.structure_signature(), nullptr, nullptr, nullptr, nullptr};
  const CompiledKernel* list[] = {&foreign};
  EXPECT_EQ(system.use_compiled_kernel(list), nullptr);
  EXPECT_EQ(system.compiled_kernel(), nullptr);
}

}  // namespace
}  // namespace etsim
