#pragma once
// Hands items made out of order by several threads to one consumer in order: item n is taken
// only after items 0..n-1. Memory stays flat: a producer waits while its item is `window` or more
// ahead of the next one to take (the next one itself always goes in, so nothing deadlocks).
// Either side may close it: a producer that failed, or the consumer when it stops early.

#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>

namespace salvage::core {

template <typename T>
class InOrder {
 public:
  explicit InOrder(std::size_t window) : m_window(window ? window : 1) {}

  // Waits for room; false when closed (the item is dropped).
  bool put(std::size_t number, T item) {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] { return m_closed || number < m_next + m_window; });
    if (m_closed) return false;
    m_items.emplace(number, std::move(item));
    if (number == m_next) m_ready.notify_one();
    return true;
  }

  // There will be `count` items in all (0..count-1).
  void finish(std::size_t count) {
    std::lock_guard lock(m_mutex);
    m_count = count;
    m_ready.notify_one();
  }

  // Waits for the next item; nullopt after the last one, or once closed.
  std::optional<T> take() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return m_closed || m_items.contains(m_next) || m_next == m_count; });
    auto it = m_items.find(m_next);
    if (m_closed || it == m_items.end()) return std::nullopt;
    T item = std::move(it->second);
    m_items.erase(it);
    ++m_next;
    m_room.notify_all();
    return item;
  }

  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_ready.notify_all();
    m_room.notify_all();
  }

 private:
  std::size_t m_window;
  std::mutex m_mutex;
  std::condition_variable m_ready, m_room;
  std::map<std::size_t, T> m_items;
  std::size_t m_next = 0;
  std::size_t m_count = static_cast<std::size_t>(-1);  // unknown until finish()
  bool m_closed = false;
};

}  // namespace salvage::core
