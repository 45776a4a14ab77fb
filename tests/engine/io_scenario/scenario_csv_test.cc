#include "engine/io/scenario_csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.h"

namespace etsim::scenario_detail {
namespace {

namespace fs = std::filesystem;

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("etsim_csv_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string error_of(const std::string& path) {
  try {
    read_csv(path);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error for " << path;
  return "";
}

TEST(ScenarioCsv, ReadsHeaderQuotesCommentsAndUnits) {
  const std::string path = write_temp(
      "good.csv", "\xEF\xBB\xBF# comment\r\n\r\n t , \"i, A\" ,name\r\n0, 1.5 ,\"a \"\"b\"\"\"\n  # more\n2,-3e-1,c\n");
  const CsvFile file = read_csv(path);
  EXPECT_EQ(file.header, (std::vector<std::string>{"t", "i, A", "name"}));
  EXPECT_EQ(file.header_line, 3);
  ASSERT_EQ(file.rows.size(), 2u);
  EXPECT_EQ(file.row_line, (std::vector<int>{4, 6}));
  EXPECT_EQ(file.rows[0][2].text, "a \"b\"");
  EXPECT_EQ(file.column_index("i, A"), 1);
  EXPECT_EQ(file.column_index("x"), -1);
  EXPECT_EQ(numeric_column(file, 1, units::parse_unit("kA")), (std::vector<double>{1500.0, -300.0}));
  const std::vector<double> celsius = numeric_column(file, 0, units::parse_unit("degC"));
  EXPECT_DOUBLE_EQ(celsius[1], 275.15);
  // A text column is fine until someone asks for numbers from it.
  try {
    numeric_column(file, 2, units::parse_unit("1"));
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(":4:"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("column 'name': 'a \"b\"' is not a number"), std::string::npos);
  }
  fs::remove(path);
}

TEST(ScenarioCsv, ErrorsNameFileAndLine) {
  std::string path = write_temp("short.csv", "a,b\n1,2\n3\n");
  EXPECT_NE(error_of(path).find("short.csv:3: row has 1 fields but the header has 2"), std::string::npos);
  fs::remove(path);
  path = write_temp("dup.csv", "a,b,a\n");
  EXPECT_NE(error_of(path).find("dup.csv:1:5: column name 'a' appears twice"), std::string::npos);
  fs::remove(path);
  path = write_temp("quote.csv", "a,b\n1,\"2\n");
  EXPECT_NE(error_of(path).find("quote.csv:2:3: unterminated quoted field"), std::string::npos);
  fs::remove(path);
  path = write_temp("empty.csv", "# only a comment\n");
  EXPECT_NE(error_of(path).find("empty.csv: no header row"), std::string::npos);
  fs::remove(path);
  EXPECT_NE(error_of("/nonexistent/x.csv").find("/nonexistent/x.csv: table file not found"), std::string::npos);
  EXPECT_NE(error_of(fs::temp_directory_path().string()).find("not a regular file"), std::string::npos);
  path = write_temp("nan.csv", "a\nnan\n");
  try {
    numeric_column(read_csv(path), 0, units::parse_unit("1"));
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("nan.csv:2:1: column 'a': 'nan' is not a number"), std::string::npos) << error.what();
  }
  fs::remove(path);
}

}  // namespace
}  // namespace etsim::scenario_detail
