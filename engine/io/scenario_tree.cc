#include "engine/io/scenario_tree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace etsim::scenario_detail {
namespace {

constexpr int kMaximumDepth = 64;
// Far above any real scenario (tables live in CSV files); stops alias expansion bombs early.
constexpr long kMaximumNodes = 200000;

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  SourceLocation where;
  where.file = file;
  if (!mark.is_null() && mark.line >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

class Converter {
 public:
  Converter(const std::string& file, const std::string& base_directory)
      : file_(file), base_directory_(base_directory) {}

  TreeNode convert(const YAML::Node& node, int depth, const SourceLocation& fallback) {
    SourceLocation where = location_of(node.Mark(), file_);
    if (where.line == 0) where = fallback;
    if (depth > kMaximumDepth) {
      throw InputError(where, "nesting deeper than " + std::to_string(kMaximumDepth) +
                                  " levels (or a recursive alias); expected a flatter document");
    }
    if (++node_count_ > kMaximumNodes) {
      throw InputError(where, "document expands to more than " + std::to_string(kMaximumNodes) +
                                  " nodes (aliases?); put large data in CSV table files");
    }
    TreeNode result;
    result.where = where;
    result.base_directory = base_directory_;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        result.kind = TreeNode::Kind::Null;
        break;
      case YAML::NodeType::Scalar:
        result.kind = TreeNode::Kind::Scalar;
        result.scalar = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        result.kind = TreeNode::Kind::Sequence;
        for (const YAML::Node& item : node) result.items.push_back(convert(item, depth + 1, where));
        break;
      case YAML::NodeType::Map:
        result.kind = TreeNode::Kind::Map;
        for (const auto& entry : node) {
          const SourceLocation key_where = [&] {
            SourceLocation at = location_of(entry.first.Mark(), file_);
            return at.line == 0 ? where : at;
          }();
          if (!entry.first.IsScalar()) {
            throw InputError(key_where, "a key must be a single name, not " +
                                            std::string(entry.first.IsMap() ? "a map" : "a list"));
          }
          const std::string& key = entry.first.Scalar();
          const int existing = result.index_of(key);
          if (existing >= 0) {
            throw InputError(key_where, "duplicate key '" + key + "' (first given at line " +
                                            std::to_string(result.key_where[existing].line) +
                                            "); expected each key once per map");
          }
          result.keys.push_back(key);
          result.key_where.push_back(key_where);
          result.values.push_back(convert(entry.second, depth + 1, key_where));
          // yaml-cpp places an empty value after its key (often on the next line); the key is
          // where a reader looks.
          if (result.values.back().is_null()) result.values.back().where = key_where;
        }
        break;
    }
    return result;
  }

 private:
  const std::string& file_;
  const std::string& base_directory_;
  long node_count_ = 0;
};

void emit(YAML::Emitter& out, const TreeNode& node) {
  switch (node.kind) {
    case TreeNode::Kind::Null:
      out << YAML::Null;
      break;
    case TreeNode::Kind::Scalar:
      out << node.scalar;
      break;
    case TreeNode::Kind::Sequence: {
      const bool flat = std::all_of(node.items.begin(), node.items.end(),
                                    [](const TreeNode& item) { return item.is_scalar(); });
      if (flat) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const TreeNode& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    }
    case TreeNode::Kind::Map:
      out << YAML::BeginMap;
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        out << YAML::Key << node.keys[i] << YAML::Value;
        emit(out, node.values[i]);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

int TreeNode::index_of(std::string_view key) const {
  if (kind != Kind::Map) return -1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return static_cast<int>(i);
  }
  return -1;
}

const TreeNode* TreeNode::find(std::string_view key) const {
  const int index = index_of(key);
  return index < 0 ? nullptr : &values[index];
}

TreeNode* TreeNode::find(std::string_view key) {
  const int index = index_of(key);
  return index < 0 ? nullptr : &values[index];
}

SourceLocation TreeNode::key_location(std::string_view key) const {
  const int index = index_of(key);
  return index < 0 ? where : key_where[index];
}

TreeNode& TreeNode::set(const std::string& key, TreeNode value, SourceLocation where_key) {
  if (kind == Kind::Null) {
    kind = Kind::Map;
  }
  const int index = index_of(key);
  if (index >= 0) {
    values[index] = std::move(value);
    key_where[index] = std::move(where_key);
    return values[index];
  }
  keys.push_back(key);
  key_where.push_back(std::move(where_key));
  values.push_back(std::move(value));
  return values.back();
}

void TreeNode::erase(std::string_view key) {
  const int index = index_of(key);
  if (index < 0) return;
  keys.erase(keys.begin() + index);
  key_where.erase(key_where.begin() + index);
  values.erase(values.begin() + index);
}

const char* kind_name(TreeNode::Kind kind) {
  switch (kind) {
    case TreeNode::Kind::Null: return "nothing";
    case TreeNode::Kind::Scalar: return "a single value";
    case TreeNode::Kind::Sequence: return "a list";
    case TreeNode::Kind::Map: return "a map";
  }
  return "?";
}

TreeNode parse_yaml(const std::string& text, const std::string& file,
                    const std::string& base_directory) {
  YAML::Node document;
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    // ParserException carries the position of the problem; msg is yaml-cpp's description.
    throw InputError(location_of(error.mark, file), "malformed YAML: " + error.msg);
  }
  Converter converter(file, base_directory);
  SourceLocation top;
  top.file = file;
  top.line = 1;
  top.column = 1;
  try {
    return converter.convert(document, 0, top);
  } catch (const YAML::Exception& error) {
    throw InputError(location_of(error.mark, file), "malformed YAML: " + error.msg);
  }
}

void merge_into(TreeNode& base, const TreeNode& overlay,
                const std::vector<std::string>& concatenate_keys) {
  if (overlay.is_null()) return;
  if (!base.is_map() || !overlay.is_map()) {
    base = overlay;
    return;
  }
  for (std::size_t i = 0; i < overlay.keys.size(); ++i) {
    const std::string& key = overlay.keys[i];
    const TreeNode& value = overlay.values[i];
    TreeNode* existing = base.find(key);
    if (existing == nullptr) {
      base.set(key, value, overlay.key_where[i]);
      continue;
    }
    const bool concatenate =
        std::find(concatenate_keys.begin(), concatenate_keys.end(), key) != concatenate_keys.end();
    if (concatenate && existing->is_sequence() && value.is_sequence()) {
      existing->items.insert(existing->items.end(), value.items.begin(), value.items.end());
    } else {
      merge_into(*existing, value);
    }
  }
}

std::string emit_yaml(const TreeNode& root) {
  YAML::Emitter out;
  emit(out, root);
  return std::string(out.c_str()) + "\n";
}

}  // namespace etsim::scenario_detail
