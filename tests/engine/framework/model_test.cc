// ModelBuilder: connection checks, dangling ends, signal-level sorting, algebraic loops, layout,
// Jacobian pattern and subsets with external inputs.
#include "engine/framework/model.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace etsim {
namespace {

// A thermal node with one state.
class Node final : public Component {
 public:
  explicit Node(std::string name) : Component(std::move(name)) {
    add_state({"temperature", "K", 300.0, 300.0, 0.0, "node temperature"});
    add_port("node", PortKind::Thermal, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Node"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.x[0];
    return RhsStatus::Ok;
  }
};

// A conductance between two nodes (direct feedthrough, no state).
class Link final : public Component {
 public:
  explicit Link(std::string name) : Component(std::move(name)) {
    add_port("a", PortKind::Thermal, PortRole::B);
    add_port("b", PortKind::Thermal, PortRole::B);
  }
  std::string_view type_name() const override { return "Link"; }
};

// A signal pass-through y = u (direct feedthrough).
class Gain final : public Component {
 public:
  Gain(std::string name, std::string unit = "1") : Component(std::move(name)) {
    add_input({"in", unit, ""});
    add_output({"out", unit, ""});
  }
  std::string_view type_name() const override { return "Gain"; }
};

// Two-way pass-through with per-output feedthrough: out_a <- in_a, out_b <- in_b.
class Crossing final : public Component {
 public:
  explicit Crossing(std::string name) : Component(std::move(name)) {
    add_input({"in_a", "1", ""});
    add_input({"in_b", "1", ""});
    add_output({"out_a", "1", ""});
    add_output({"out_b", "1", ""});
    add_feedthrough(0, 0);
    add_feedthrough(1, 1);
  }
  std::string_view type_name() const override { return "Crossing"; }
};

class Shaft final : public Component {
 public:
  explicit Shaft(std::string name) : Component(std::move(name)) {
    add_port("flange", PortKind::Rotational, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Shaft"; }
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ModelBuilder, FlattensLayoutAndSumsFlowsIntoANode) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Node>("n2"));
  builder.add(std::make_unique<Link>("l1"));
  builder.add(std::make_unique<Link>("l2"));
  builder.connect("l1.a", "n1.node");
  builder.connect("n2.node", "l1.b");  // order of ends does not matter
  builder.connect("l2.a", "n1.node");
  builder.connect("l2.b", "n2.node");
  const Model model = builder.build();
  EXPECT_EQ(model.state_size(), 2);
  EXPECT_EQ(model.output_size(), 2 + 2 + 2);
  EXPECT_EQ(model.input_size(), 2 + 2 + 2);
  // n1's heat-flow input sums the two links' a-side outputs.
  const int n1_heat = model.layout(0).input_offset;
  const auto start = model.input_term_start();
  EXPECT_EQ(start[n1_heat + 1] - start[n1_heat], 2);
  // Nodes (no feedthrough) are evaluated before the links that read their temperatures.
  const auto sequence = model.output_sequence();
  const auto position = [&](int c) {
    return std::find(sequence.begin(), sequence.end(), c) - sequence.begin();
  };
  EXPECT_LT(position(0), position(2));
  EXPECT_LT(position(1), position(2));
  EXPECT_EQ(model.state_name(1), "n2/temperature");
  EXPECT_EQ(model.find_output("l1/b.heat_flow"), model.layout(2).output_offset + 1);
  // Jacobian pattern: each node's derivative depends on both temperatures.
  const SparsityPattern& pattern = model.jacobian_pattern();
  EXPECT_EQ(pattern.nonzeros(), 4);
}

TEST(ModelBuilder, JacobianPatternOfAChainIsTridiagonal) {
  // n1 -- l1 -- n2 -- l2 -- n3: each node's derivative depends on itself and its neighbours only.
  ModelBuilder builder;
  for (const char* name : {"n1", "n2", "n3"}) builder.add(std::make_unique<Node>(name));
  builder.add(std::make_unique<Link>("l1"));
  builder.add(std::make_unique<Link>("l2"));
  builder.connect("l1.a", "n1.node");
  builder.connect("l1.b", "n2.node");
  builder.connect("l2.a", "n2.node");
  builder.connect("l2.b", "n3.node");
  const Model model = builder.build();
  const SparsityPattern& pattern = model.jacobian_pattern();
  ASSERT_EQ(pattern.size, 3);
  EXPECT_EQ(pattern.column_start, (std::vector<int>{0, 2, 5, 7}));
  EXPECT_EQ(pattern.row_index, (std::vector<int>{0, 1, 0, 1, 2, 1, 2}));
}

TEST(ModelBuilder, RefusesMismatchedKindsNamingBothEnds) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Shaft>("s"));
  const std::string message = error_of([&] { builder.connect("n1.node", "s.flange"); });
  EXPECT_NE(message.find("'n1.node'"), std::string::npos) << message;
  EXPECT_NE(message.find("'s.flange'"), std::string::npos) << message;
  EXPECT_NE(message.find("thermal"), std::string::npos) << message;
  EXPECT_NE(message.find("rotational"), std::string::npos) << message;
}

TEST(ModelBuilder, RefusesSameRoles) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Node>("n2"));
  const std::string message = error_of([&] { builder.connect("n1.node", "n2.node"); });
  EXPECT_NE(message.find("both are thermal Node ports"), std::string::npos) << message;
  EXPECT_NE(message.find("Flow"), std::string::npos) << message;
}

TEST(ModelBuilder, RefusesSignalUnitMismatch) {
  ModelBuilder builder;
  builder.add(std::make_unique<Gain>("g1", "W"));
  builder.add(std::make_unique<Gain>("g2", "K"));
  const std::string message = error_of([&] { builder.connect("g1.out", "g2.in"); });
  EXPECT_NE(message.find("expects K"), std::string::npos) << message;
}

TEST(ModelBuilder, SuggestsClosestPortName) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Link>("l1"));
  const std::string message =
      error_of([&] { builder.connect("l1.a", "n1.nod", SourceLocation{"x.yaml", 7, 3}); });
  EXPECT_NE(message.find("x.yaml:7:3"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'node'"), std::string::npos) << message;
}

TEST(ModelBuilder, RefusesDanglingPortsAndInputs) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Link>("l1"));
  builder.connect("l1.a", "n1.node");
  const std::string message = error_of([&] { builder.build(); });
  EXPECT_NE(message.find("port 'l1.b'"), std::string::npos) << message;
  builder.allow_unconnected("l1.b");
  EXPECT_NO_THROW(builder.build());

  ModelBuilder signals;
  signals.add(std::make_unique<Gain>("g"));
  const std::string input_message = error_of([&] { signals.build(); });
  EXPECT_NE(input_message.find("input 'g.in'"), std::string::npos) << input_message;
}

TEST(ModelBuilder, DetectsAlgebraicLoopAndNamesItsSignals) {
  ModelBuilder builder;
  builder.add(std::make_unique<Gain>("g1"));
  builder.add(std::make_unique<Gain>("g2"));
  builder.connect("g1.out", "g2.in");
  builder.connect("g2.out", "g1.in");
  const std::string message = error_of([&] { builder.build(); });
  EXPECT_NE(message.find("algebraic loop"), std::string::npos) << message;
  EXPECT_NE(message.find("g1/out"), std::string::npos) << message;
  EXPECT_NE(message.find("g2/out"), std::string::npos) << message;
}

TEST(ModelBuilder, PerOutputFeedthroughAvoidsFalseLoops) {
  // g -> crossing.in_a -> out_a -> h -> crossing.in_b -> out_b: a loop at component level only.
  ModelBuilder builder;
  builder.add(std::make_unique<Crossing>("x"));
  builder.add(std::make_unique<Gain>("h"));
  builder.connect("x.out_a", "h.in");
  builder.connect("h.out", "x.in_b");
  builder.allow_unconnected("x.in_a");
  const Model model = builder.build();
  // x is called, then h, then x again for out_b.
  const auto sequence = model.output_sequence();
  ASSERT_EQ(sequence.size(), 3u);
  EXPECT_EQ(sequence[0], 0);
  EXPECT_EQ(sequence[1], 1);
  EXPECT_EQ(sequence[2], 0);
}

TEST(ModelBuilder, SubsetTurnsCrossingConnectionsIntoExternalInputs) {
  ModelBuilder builder;
  builder.add(std::make_unique<Node>("n1"));
  builder.add(std::make_unique<Node>("n2"));
  builder.add(std::make_unique<Link>("l"));
  builder.connect("l.a", "n1.node");
  builder.connect("l.b", "n2.node");
  const Model part = builder.build_subset({"n1"});
  ASSERT_EQ(part.external_inputs().size(), 1u);
  EXPECT_EQ(part.external_inputs()[0].source, "l.a.heat_flow");
  EXPECT_EQ(part.external_inputs()[0].name, "n1.node.heat_flow");
  const Model other = builder.build_subset({"l", "n2"});
  ASSERT_EQ(other.external_inputs().size(), 1u);
  EXPECT_EQ(other.external_inputs()[0].source, "n1.node.temperature");
}

TEST(ModelBuilder, RefusesDuplicateNamesAndSecondConnectionToSingleInput) {
  ModelBuilder builder;
  builder.add(std::make_unique<Gain>("g1"));
  EXPECT_THROW(builder.add(std::make_unique<Gain>("g1")), InputError);
  builder.add(std::make_unique<Gain>("g2"));
  builder.add(std::make_unique<Gain>("g3"));
  builder.connect("g1.out", "g3.in");
  const std::string message = error_of([&] { builder.connect("g2.out", "g3.in"); });
  EXPECT_NE(message.find("already connected"), std::string::npos) << message;
}

}  // namespace
}  // namespace etsim
