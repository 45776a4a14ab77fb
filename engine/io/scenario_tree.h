// Internal to the scenario loader: a YAML document as a plain tree in which every node remembers
// the file, line and column it came from. yaml-cpp's marks carry no file name, and includes and
// overrides mix nodes of several origins, so the loader works on this tree instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace etsim::scenario_detail {

struct TreeNode {
  enum class Kind { Null, Scalar, Sequence, Map };

  Kind kind = Kind::Null;
  std::string scalar;                    // Scalar
  std::vector<TreeNode> items;           // Sequence
  std::vector<std::string> keys;         // Map, in file order
  std::vector<TreeNode> values;          // Map, parallel to keys
  std::vector<SourceLocation> key_where; // Map, parallel to keys
  SourceLocation where;
  std::string base_directory;            // folder that relative paths in this node are relative to

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }

  int index_of(std::string_view key) const;  // -1 when absent (or not a map)
  const TreeNode* find(std::string_view key) const;
  TreeNode* find(std::string_view key);
  // Location of the key itself (the value's location when the key is absent).
  SourceLocation key_location(std::string_view key) const;
  // Replaces the value of key, or appends key when absent. The node becomes a map if it was null.
  TreeNode& set(const std::string& key, TreeNode value, SourceLocation key_where);
  void erase(std::string_view key);
};

// "a map", "a list", "a single value", "nothing".
const char* kind_name(TreeNode::Kind kind);

// Parses YAML text. file names the origin in locations; base_directory is stored in every node.
// Malformed YAML, duplicate keys, non-scalar keys, nesting deeper than 64 levels and documents
// that expand (through aliases) to more than 1 000 000 nodes give InputError with the location.
TreeNode parse_yaml(const std::string& text, const std::string& file,
                    const std::string& base_directory);

// Merges overlay into base: maps merge key by key (recursively), anything else is replaced by the
// overlay; a null overlay changes nothing. At the top level, sequences under the keys listed in
// concatenate_keys are appended instead (overlay items after base items).
void merge_into(TreeNode& base, const TreeNode& overlay,
                const std::vector<std::string>& concatenate_keys = {});

// Block-style YAML text of the tree (lists of single values in flow style).
std::string emit_yaml(const TreeNode& root);

}  // namespace etsim::scenario_detail
