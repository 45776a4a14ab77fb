// Tests of the RAII HDF5 wrapper: ownership, attributes, extendible datasets, storage layout and
// how HDF5 failures surface as etsim::Error.
#include "engine/io/hdf5_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "tests/engine/io_results/results_test_files.h"

namespace etsim::io::hdf5 {
namespace {

using etsim::io::results_test::ScratchFolder;

TEST(Hdf5File, AttributesRoundTripAndReplaceAcrossTypes) {
  ScratchFolder folder;
  const std::string path = folder.file("attributes.h5");
  {
    File file = File::create(path);
    {
      Group group = file.create_group("meta");
      group.set_string_attribute("scenario", "name: heat\nduration: 10 s\n");
      group.set_double_attribute("wall_time", 1.25);
      group.set_double_attribute("wall_time", 2.5);             // in place
      group.set_string_attribute("kind", "first");
      group.set_double_attribute("kind", 7.0);                  // string -> number: recreated
      group.set_string_attribute("long", std::string(100000, 'x'));  // beyond the 64 KiB header limit
    }
    file.close();
  }
  File file = File::open(path, File::Access::kReadOnly);
  Group group = file.open_group("meta");
  EXPECT_EQ(group.string_attribute("scenario"), "name: heat\nduration: 10 s\n");
  EXPECT_DOUBLE_EQ(group.double_attribute("wall_time"), 2.5);
  EXPECT_FALSE(group.attribute_is_string("kind"));
  EXPECT_DOUBLE_EQ(group.double_attribute("kind"), 7.0);
  EXPECT_EQ(group.string_attribute("long").size(), 100000u);
  EXPECT_EQ(group.attribute_names(), (std::vector<std::string>{"kind", "long", "scenario", "wall_time"}));
  EXPECT_EQ(group.name(), "/meta");
}

TEST(Hdf5File, ReadsFixedLengthStringAttributesWrittenByOtherTools) {
  ScratchFolder folder;
  const std::string path = folder.file("fixed.h5");
  {
    File file = File::create(path);
    // What h5py or MATLAB may write: a fixed-length, space-padded string and an integer.
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.id(), 8);
    H5Tset_strpad(type.id(), H5T_STR_SPACEPAD);
    Dataspace space = Dataspace::scalar();
    Handle attribute(H5Acreate2(file.id(), "units", type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    ASSERT_GE(H5Awrite(attribute.id(), type.id(), "degC    "), 0);
    Handle count(H5Acreate2(file.id(), "steps", H5T_STD_I64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const long long steps = 123456789012LL;
    ASSERT_GE(H5Awrite(count.id(), H5T_NATIVE_LLONG, &steps), 0);
    attribute.reset();
    count.reset();
    file.close();
  }
  File file = File::open(path, File::Access::kReadOnly);
  EXPECT_EQ(file.string_attribute("units"), "degC");
  EXPECT_DOUBLE_EQ(file.double_attribute("steps"), 123456789012.0);
}

TEST(Hdf5File, ExtendibleDatasetIsChunkedShuffledDeflatedAndFillsNaN) {
  ScratchFolder folder;
  const std::string path = folder.file("dataset.h5");
  std::vector<double> values(2500);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.001 * static_cast<double>(i);
  {
    File file = File::create(path);
    {
      Dataset dataset = file.create_extendible_double_dataset("x", 512, 6);
      EXPECT_EQ(dataset.length(), 0u);
      dataset.set_length(1000);
      dataset.write(0, 1000, values.data());
      dataset.set_length(2500);
      dataset.write(1000, 1000, values.data() + 1000);  // rows 2000..2499 left unwritten
    }
    file.close();
  }
  File file = File::open(path, File::Access::kReadOnly);
  Dataset dataset = file.open_dataset("x");
  EXPECT_TRUE(dataset.is_chunked());
  EXPECT_EQ(dataset.chunk_length(), 512u);
  EXPECT_EQ(dataset.filters(), (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  const std::vector<double> read = dataset.read_all();
  ASSERT_EQ(read.size(), 2500u);
  for (std::size_t i = 0; i < 2000; ++i) ASSERT_EQ(read[i], values[i]) << "row " << i;
  for (std::size_t i = 2000; i < 2500; ++i) ASSERT_TRUE(std::isnan(read[i])) << "row " << i;
  // The smooth ramp must actually be compressed: stored size well below 2000 * 8 bytes.
  EXPECT_LT(H5Dget_storage_size(dataset.id()), 2000u * 8u / 2u);
}

TEST(Hdf5File, StridedWriteGathersOneColumnOfARowMajorTable) {
  ScratchFolder folder;
  const std::string path = folder.file("strided.h5");
  // 5 rows x 3 columns, row-major: value = 10 * row + column.
  std::vector<double> table(15);
  for (std::size_t row = 0; row < 5; ++row) {
    for (std::size_t column = 0; column < 3; ++column) table[row * 3 + column] = 10.0 * row + column;
  }
  File file = File::create(path);
  {
    Dataset dataset = file.create_extendible_double_dataset("column2", 4, 1);
    dataset.set_length(7);
    dataset.write(2, 5, table.data() + 2, 3);  // rows 2..6 of the dataset
    EXPECT_THROW(dataset.write(0, 1, table.data(), 0), Error);
    const std::vector<double> read = dataset.read_all();
    ASSERT_EQ(read.size(), 7u);
    EXPECT_TRUE(std::isnan(read[0]) && std::isnan(read[1]));
    EXPECT_EQ(std::vector<double>(read.begin() + 2, read.end()), (std::vector<double>{2, 12, 22, 32, 42}));
  }
  file.close();
}

TEST(Hdf5File, DeflateLevelZeroStoresWithoutFilters) {
  ScratchFolder folder;
  File file = File::create(folder.file("plain.h5"));
  Dataset dataset = file.create_extendible_double_dataset("x", 64, 0);
  EXPECT_TRUE(dataset.filters().empty());
  EXPECT_THROW(file.create_extendible_double_dataset("y", 64, 10), Error);
  EXPECT_THROW(file.create_extendible_double_dataset("z", 0, 4), Error);
  dataset.reset();
  file.close();
}

TEST(Hdf5File, LinksAndGroupsAreFoundByPath) {
  ScratchFolder folder;
  File file = File::create(folder.file("links.h5"));
  Group signals = file.create_group("signals");
  Group battery = signals.create_group("battery");
  Dataset voltage = battery.create_extendible_double_dataset("dc.voltage", 16, 1);
  EXPECT_TRUE(file.has_link("signals/battery/dc.voltage"));
  EXPECT_FALSE(file.has_link("signals/motor/dc.voltage"));  // missing intermediate group: no throw
  EXPECT_TRUE(file.is_group("signals/battery"));
  EXPECT_FALSE(file.is_group("signals/battery/dc.voltage"));
  EXPECT_EQ(signals.link_names(), std::vector<std::string>{"battery"});
  EXPECT_EQ(battery.link_names(), std::vector<std::string>{"dc.voltage"});
  Group again = signals.open_or_create_group("battery");
  EXPECT_EQ(again.name(), "/signals/battery");
}

TEST(Hdf5File, FailuresThrowEtsimErrorWithHdf5MessageAndPrintNothing) {
  ScratchFolder folder;
  const std::string missing = folder.file("no_such_file.h5");
  ::testing::internal::CaptureStderr();
  try {
    File::open(missing, File::Access::kReadOnly);
    ADD_FAILURE() << "opening a missing file did not throw";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("cannot open file '" + missing + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
  }
  File file = File::create(folder.file("errors.h5"));
  try {
    file.double_attribute("absent");
    ADD_FAILURE() << "reading a missing attribute did not throw";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("attribute 'absent' of '/'"), std::string::npos) << error.what();
  }
  file.set_string_attribute("text", "abc");
  EXPECT_THROW(file.double_attribute("text"), Error);
  EXPECT_THROW(file.open_dataset("nothing"), Error);
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "") << "HDF5 printed its error stack";
  file.close();
}

TEST(Hdf5File, ClosingAFileWithAnOpenObjectIsReported) {
  ScratchFolder folder;
  File file = File::create(folder.file("semi.h5"));
  Group group = file.create_group("g");
  EXPECT_THROW(file.close(), Error);  // H5F_CLOSE_SEMI: the file's metadata would not be written yet
}

TEST(Hdf5File, NotAnHdf5FileGivesAClearError) {
  ScratchFolder folder;
  const std::string path = folder.file("text.h5");
  std::ofstream(path) << "this is not HDF5\n";
  EXPECT_THROW(File::open(path, File::Access::kReadOnly), Error);
}

TEST(Hdf5File, HandlesMoveAndCloseOnce) {
  ScratchFolder folder;
  File file = File::create(folder.file("move.h5"));
  Group first = file.create_group("a");
  const hid_t id = first.id();
  Group second = std::move(first);
  EXPECT_FALSE(first.is_open());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(second.id(), id);
  EXPECT_GT(H5Iis_valid(id), 0);
  second.reset();
  EXPECT_LE(H5Iis_valid(id), 0);
  file.close();
}

}  // namespace
}  // namespace etsim::io::hdf5
