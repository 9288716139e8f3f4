#pragma once
// A first-in first-out hand-over between one producing and one consuming thread, holding at most
// `capacity` items so that memory stays flat however far the producer runs ahead. Either side may
// close it: the producer when it has no more (after the last push), the consumer when it stops
// early (a pending or later push then returns false at once).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace salvage::core {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity ? capacity : 1) {}

  // Waits for room; false when the queue was closed (the item is dropped).
  bool push(T item) {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [this] { return m_closed || m_items.size() < m_capacity; });
    if (m_closed) return false;
    m_items.push_back(std::move(item));
    m_ready.notify_one();
    return true;
  }

  // Waits for an item; nullopt once the queue is closed and empty.
  std::optional<T> pop() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return m_closed || !m_items.empty(); });
    if (m_items.empty()) return std::nullopt;
    T item = std::move(m_items.front());
    m_items.pop_front();
    m_room.notify_one();
    return item;
  }

  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_ready.notify_all();
    m_room.notify_all();
  }

 private:
  std::size_t m_capacity;
  std::mutex m_mutex;
  std::condition_variable m_ready, m_room;
  std::deque<T> m_items;
  bool m_closed = false;
};

}  // namespace salvage::core
