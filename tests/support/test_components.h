// Small components shared by tests of the engine and of models.
#pragma once

#include <string>

#include "engine/framework/component.h"

namespace etsim::test_components {

// A constant heat flow P into a thermal node (a Flow port).
class ConstantHeat final : public Component {
 public:
  ConstantHeat(std::string name, double power) : Component(std::move(name)), power_(power) {
    add_port("node", PortKind::Thermal, PortRole::B);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "ConstantHeat"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = power_;
    return RhsStatus::Ok;
  }

 private:
  double power_;
};

}  // namespace etsim::test_components
