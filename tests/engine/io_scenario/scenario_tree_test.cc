#include "engine/io/scenario_tree.h"

#include <gtest/gtest.h>

#include <string>

namespace etsim::scenario_detail {
namespace {

TEST(ScenarioTree, ParsesWithLocationsOfKeysAndValues) {
  const TreeNode root = parse_yaml("a: 1\nb:\n  c: [x, {d: e}]\n", "f.yaml", "/base");
  ASSERT_TRUE(root.is_map());
  EXPECT_EQ(root.keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root.key_where[1].line, 2);
  EXPECT_EQ(root.key_where[1].column, 1);
  const TreeNode* c = root.find("b")->find("c");
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->is_sequence());
  EXPECT_EQ(c->items[0].scalar, "x");
  EXPECT_EQ(c->items[0].where.to_string(), "f.yaml:3:7");
  EXPECT_EQ(c->items[1].find("d")->where.to_string(), "f.yaml:3:14");
  EXPECT_EQ(c->items[1].base_directory, "/base");
  // A key with no value is null, located at its key.
  const TreeNode empty = parse_yaml("k:\n", "g.yaml", "");
  EXPECT_TRUE(empty.find("k")->is_null());
  EXPECT_EQ(empty.find("k")->where.line, 1);
  EXPECT_TRUE(parse_yaml("", "h.yaml", "").is_null());
}

TEST(ScenarioTree, RefusesDuplicateAndComplexKeys) {
  try {
    parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml", "");
    FAIL() << "duplicate key accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "f.yaml:3:1: duplicate key 'a' (first given at line 1); expected each key once per map");
  }
  try {
    parse_yaml("? [a, b]\n: 1\n", "f.yaml", "");
    FAIL() << "list key accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("a key must be a single name, not a list"), std::string::npos);
  }
}

TEST(ScenarioTree, MergeIsRecursiveAndLaterWins) {
  TreeNode base = parse_yaml("s: {a: 1, b: 2}\nlist: [1, 2]\nc: [x]\n", "base.yaml", "");
  const TreeNode overlay = parse_yaml("s: {b: 3, d: 4}\nlist: [9]\nc: [y]\nn:\n", "top.yaml", "");
  merge_into(base, overlay, {"c"});
  EXPECT_EQ(base.find("s")->keys, (std::vector<std::string>{"a", "b", "d"}));
  EXPECT_EQ(base.find("s")->find("a")->scalar, "1");
  EXPECT_EQ(base.find("s")->find("b")->scalar, "3");
  EXPECT_EQ(base.find("s")->find("b")->where.file, "top.yaml");
  ASSERT_EQ(base.find("list")->items.size(), 1u);  // lists are replaced...
  EXPECT_EQ(base.find("list")->items[0].scalar, "9");
  ASSERT_EQ(base.find("c")->items.size(), 2u);     // ...except the listed keys, appended
  EXPECT_EQ(base.find("c")->items[1].scalar, "y");
  // A null overlay changes nothing; a new key without value is still added (as null).
  TreeNode kept = parse_yaml("p: {q: 1}\n", "a.yaml", "");
  merge_into(kept, parse_yaml("p:\n", "b.yaml", ""));
  EXPECT_EQ(kept.find("p")->find("q")->scalar, "1");
}

TEST(ScenarioTree, EmitRoundTrips) {
  const std::string text = "name: \"a: b\"\nlist: [1, two]\nnested:\n  - {k: v}\n  - ~\n";
  const TreeNode root = parse_yaml(text, "f.yaml", "");
  const TreeNode again = parse_yaml(emit_yaml(root), "g.yaml", "");
  EXPECT_EQ(again.find("name")->scalar, "a: b");
  EXPECT_EQ(again.find("list")->items[1].scalar, "two");
  EXPECT_EQ(again.find("nested")->items[0].find("k")->scalar, "v");
  EXPECT_TRUE(again.find("nested")->items[1].is_null());
}

TEST(ScenarioTree, SetAndErase) {
  TreeNode node;
  TreeNode value;
  value.kind = TreeNode::Kind::Scalar;
  value.scalar = "1";
  node.set("a", value, SourceLocation{"x", 1, 1});
  EXPECT_TRUE(node.is_map());
  value.scalar = "2";
  node.set("a", value, SourceLocation{"y", 2, 2});
  EXPECT_EQ(node.keys.size(), 1u);
  EXPECT_EQ(node.find("a")->scalar, "2");
  EXPECT_EQ(node.key_location("a").file, "y");
  node.erase("a");
  EXPECT_EQ(node.find("a"), nullptr);
  EXPECT_EQ(node.index_of("a"), -1);
}

}  // namespace
}  // namespace etsim::scenario_detail
