#include "core/bounded_queue.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using salvage::core::BoundedQueue;

TEST_CASE("BoundedQueue hands items over in order, never holding more than its capacity", "[queue]") {
  BoundedQueue<int> queue(3);
  std::vector<int> pushed;
  std::jthread producer([&] {
    for (int i = 0; i < 1000; ++i)
      if (queue.push(i)) pushed.push_back(i);
    queue.close();
  });
  std::vector<int> popped;
  while (auto item = queue.pop()) popped.push_back(*item);
  producer.join();
  REQUIRE(popped.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(popped[static_cast<std::size_t>(i)] == i);
  CHECK(pushed == popped);
}

TEST_CASE("BoundedQueue: a consumer that closes early releases a waiting producer", "[queue]") {
  BoundedQueue<int> queue(2);
  int refused_at = -1;
  std::jthread producer([&] {
    for (int i = 0; i < 1000; ++i) {
      if (!queue.push(i)) {
        refused_at = i;
        return;
      }
    }
  });
  CHECK(queue.pop() == 0);
  queue.close();
  producer.join();  // would hang if the full queue kept the producer waiting
  CHECK(refused_at >= 1);
  CHECK(refused_at <= 3);  // the capacity bounds how far it ran ahead
}

TEST_CASE("BoundedQueue: after close, what is left is still popped, then nothing", "[queue]") {
  BoundedQueue<int> queue(4);
  CHECK(queue.push(1));
  CHECK(queue.push(2));
  queue.close();
  CHECK_FALSE(queue.push(3));
  CHECK(queue.pop() == 1);
  CHECK(queue.pop() == 2);
  CHECK(queue.pop() == std::nullopt);
}
