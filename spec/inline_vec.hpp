#pragma once
// InlineVec<T, N>: a vector of trivially copyable T that keeps up to N
// elements inside the object. It is the storage of Shape::dims and
// Tensor::data.
//
// Why not boost::container::small_vector, which this replaced: every Shape and
// Tensor copy went through its generic out-of-line copy (a memmove call for 32
// bytes), and it costs 56 bytes where this costs 40 (for N = 4 of 8 bytes).
// Tensors are copied several times per node in every property case, and a
// 10^5-node tape holds a few hundred thousand of them.
#include <algorithm>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace tapecheck::spec {

template <class T, std::size_t N>
class InlineVec {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "InlineVec copies elements as bytes");
  static_assert(N > 0 && N < (std::size_t{1} << 31));

 public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;
  using reverse_iterator = std::reverse_iterator<T*>;
  using const_reverse_iterator = std::reverse_iterator<const T*>;

  InlineVec() noexcept = default;
  explicit InlineVec(size_type n) { resize(n); }
  InlineVec(size_type n, const T& value) { assign(n, value); }
  template <std::input_iterator It>
  InlineVec(It first, It last) { assign(first, last); }
  InlineVec(std::initializer_list<T> init) { assign(init.begin(), init.end()); }

  InlineVec(const InlineVec& other) { copyFrom(other); }
  InlineVec(InlineVec&& other) noexcept { takeFrom(other); }
  InlineVec& operator=(const InlineVec& other) {
    if (this != &other) {
      size_ = 0;
      copyFrom(other);
    }
    return *this;
  }
  InlineVec& operator=(InlineVec&& other) noexcept {
    if (this != &other) {
      release();
      takeFrom(other);
    }
    return *this;
  }
  InlineVec& operator=(std::initializer_list<T> init) {
    assign(init.begin(), init.end());
    return *this;
  }
  ~InlineVec() { release(); }

  size_type size() const noexcept { return size_; }
  size_type capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  static constexpr size_type max_size() noexcept { return kMaxSize; }

  T* data() noexcept { return onHeap() ? heap_ : inlineData(); }
  const T* data() const noexcept { return onHeap() ? heap_ : inlineData(); }
  T& operator[](size_type i) noexcept { return data()[i]; }
  const T& operator[](size_type i) const noexcept { return data()[i]; }
  T& front() noexcept { return data()[0]; }
  const T& front() const noexcept { return data()[0]; }
  T& back() noexcept { return data()[size_ - 1]; }
  const T& back() const noexcept { return data()[size_ - 1]; }

  iterator begin() noexcept { return data(); }
  iterator end() noexcept { return data() + size_; }
  const_iterator begin() const noexcept { return data(); }
  const_iterator end() const noexcept { return data() + size_; }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }

  void reserve(size_type n) {
    if (n > capacity_) grow(n);
  }
  void clear() noexcept { size_ = 0; }

  /// New elements are value-initialised (T{}), as std::vector does.
  void resize(size_type n) { resize(n, T{}); }
  void resize(size_type n, const T& value) {
    if (n > size_) {
      const T fill = value;  // value may live in the storage reserve() replaces
      reserve(n);
      std::uninitialized_fill_n(data() + size_, n - size_, fill);
    }
    size_ = static_cast<std::uint32_t>(n);
  }

  void assign(size_type n, const T& value) {
    size_ = 0;
    resize(n, value);
  }
  template <std::input_iterator It>
  void assign(It first, It last) {
    size_ = 0;
    if constexpr (std::forward_iterator<It>) reserve(static_cast<size_type>(std::distance(first, last)));
    for (; first != last; ++first) push_back(*first);
  }

  void push_back(const T& value) {
    if (size_ == capacity_) {
      const T copy = value;  // value may live in this vector
      grow(nextCapacity(size_ + 1));
      ::new (static_cast<void*>(data() + size_)) T(copy);
    } else {
      ::new (static_cast<void*>(data() + size_)) T(value);
    }
    ++size_;
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    push_back(T(std::forward<Args>(args)...));
    return back();
  }
  void pop_back() noexcept { --size_; }

  iterator insert(const_iterator pos, const T& value) { return insert(pos, size_type{1}, value); }
  iterator insert(const_iterator pos, size_type n, const T& value) {
    const T copy = value;
    const size_type at = openGap(pos, n);
    std::uninitialized_fill_n(data() + at, n, copy);
    return data() + at;
  }
  template <std::forward_iterator It>
  iterator insert(const_iterator pos, It first, It last) {
    const size_type n = static_cast<size_type>(std::distance(first, last));
    InlineVec items(first, last);  // the range may alias this vector
    const size_type at = openGap(pos, n);
    if (n > 0) std::memcpy(static_cast<void*>(data() + at), items.data(), n * sizeof(T));
    return data() + at;
  }
  iterator insert(const_iterator pos, std::initializer_list<T> init) { return insert(pos, init.begin(), init.end()); }

  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) {
    T* base = data();
    const size_type from = static_cast<size_type>(first - base);
    const size_type to = static_cast<size_type>(last - base);
    if (from != to) {
      std::memmove(static_cast<void*>(base + from), base + to, (size_ - to) * sizeof(T));
      size_ -= static_cast<std::uint32_t>(to - from);
    }
    return base + from;
  }

  friend bool operator==(const InlineVec& a, const InlineVec& b)
    requires std::equality_comparable<T>
  {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend auto operator<=>(const InlineVec& a, const InlineVec& b)
    requires std::three_way_comparable<T>
  {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  static constexpr size_type kMaxSize = std::uint32_t(-1);

  bool onHeap() const noexcept { return capacity_ > N; }
  T* inlineData() noexcept { return reinterpret_cast<T*>(inline_); }
  const T* inlineData() const noexcept { return reinterpret_cast<const T*>(inline_); }

  static size_type nextCapacity(size_type needed) { return std::max<size_type>(needed, size_type{2} * N); }

  // Moves the elements to a heap block of `n` slots (n > capacity).
  void grow(size_type n) {
    if (n > kMaxSize) throw std::length_error("InlineVec: more than 2^32-1 elements");
    n = std::max<size_type>(n, size_type{2} * capacity_ > kMaxSize ? kMaxSize : size_type{2} * capacity_);
    T* block = std::allocator<T>{}.allocate(n);
    if (size_ > 0) std::memcpy(static_cast<void*>(block), data(), size_ * sizeof(T));
    release();
    heap_ = block;
    capacity_ = static_cast<std::uint32_t>(n);
  }

  // Makes room for n elements at pos and returns pos as an index.
  size_type openGap(const_iterator pos, size_type n) {
    const size_type at = static_cast<size_type>(pos - data());
    reserve(size_ + n);
    T* base = data();
    std::memmove(static_cast<void*>(base + at + n), base + at, (size_ - at) * sizeof(T));
    size_ += static_cast<std::uint32_t>(n);
    return at;
  }

  void copyFrom(const InlineVec& other) {
    if (!onHeap() && !other.onHeap()) {  // a fixed-size copy: no call, no branch on size
      std::memcpy(inline_, other.inline_, sizeof(inline_));
      size_ = other.size_;
      return;
    }
    reserve(other.size_);
    if (other.size_ > 0) std::memcpy(static_cast<void*>(data()), other.data(), other.size_ * sizeof(T));
    size_ = other.size_;
  }

  void takeFrom(InlineVec& other) noexcept {
    if (other.onHeap()) {
      heap_ = other.heap_;
      capacity_ = other.capacity_;
      other.capacity_ = N;
    } else {
      std::memcpy(inline_, other.inline_, sizeof(inline_));
      capacity_ = N;
    }
    size_ = other.size_;
    other.size_ = 0;
  }

  void release() noexcept {
    if (onHeap()) std::allocator<T>{}.deallocate(heap_, capacity_);
    capacity_ = N;
  }

  // Zeroed at construction: copies move the whole inline buffer (a fixed-size
  // copy is cheaper than one of `size` elements), so every byte is defined.
  union {
    alignas(T) unsigned char inline_[N * sizeof(T)] = {};
    T* heap_;
  };
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = N;
};

}  // namespace tapecheck::spec
