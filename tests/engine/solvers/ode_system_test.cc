#include "engine/solvers/ode_system.h"

#include <gtest/gtest.h>

#include "engine/core/error.h"

namespace etsim {
namespace {

TEST(SparsityPattern, DenseHasEveryEntryAndFullBandwidths) {
  const SparsityPattern pattern = SparsityPattern::dense(4);
  EXPECT_EQ(pattern.size, 4);
  EXPECT_EQ(pattern.nonzeros(), 16);
  EXPECT_EQ(pattern.column_start.back(), 16);
  EXPECT_EQ(pattern.row_index[4 * 2 + 3], 3);
  EXPECT_EQ(pattern.lower_bandwidth(), 3);
  EXPECT_EQ(pattern.upper_bandwidth(), 3);
  EXPECT_EQ(SparsityPattern::dense(0).nonzeros(), 0);
  EXPECT_THROW(SparsityPattern::dense(-1), InputError);
}

TEST(SparsityPattern, BandwidthsOfAsymmetricPattern) {
  // 4x4 with entries (0,0) (2,0) (1,1) (0,3) (3,3): lower bandwidth 2, upper 3.
  SparsityPattern pattern;
  pattern.size = 4;
  pattern.column_start = {0, 2, 3, 3, 5};
  pattern.row_index = {0, 2, 1, 0, 3};
  EXPECT_EQ(pattern.nonzeros(), 5);
  EXPECT_EQ(pattern.lower_bandwidth(), 2);
  EXPECT_EQ(pattern.upper_bandwidth(), 3);
  SparsityPattern diagonal;
  diagonal.size = 2;
  diagonal.column_start = {0, 1, 2};
  diagonal.row_index = {0, 1};
  EXPECT_EQ(diagonal.lower_bandwidth(), 0);
  EXPECT_EQ(diagonal.upper_bandwidth(), 0);
  EXPECT_EQ(SparsityPattern{}.nonzeros(), 0);
}

}  // namespace
}  // namespace etsim
