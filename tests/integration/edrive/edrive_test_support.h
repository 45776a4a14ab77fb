// Shared by the e-drive integration tests: the scenario folder, one registry of every component
// type, and a per-test temporary results path.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/framework/component_type.h"
#include "models/register_all.h"

namespace etsim::edrive_test {

inline const std::string kScenarios = std::string(ETSIM_SOURCE_DIR) + "/scenarios/";

inline ComponentRegistry& registry() {
  static ComponentRegistry instance = [] {
    ComponentRegistry r;
    register_all_components(r);
    return r;
  }();
  return instance;
}

// A path in the temporary folder, unique per test run (the random seed of gtest).
inline std::string temporary_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".h5"))
      .string();
}

}  // namespace etsim::edrive_test
