/// A growable stack in manually managed memory, so that ``JSONScanner`` can move finished values into their
/// containers without copying them or touching their reference counts.
///
/// Owned by one scanner for one parse. Elements below ``count`` are initialized; everything else is not.
struct ScannerStack<Element>: ~Copyable {
    /// The first element; valid until the next push, which may reallocate.
    private(set) var base: UnsafeMutablePointer<Element>
    /// The number of initialized elements.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Pushes an element, doubling the storage when full.
    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Reads the element at an index below ``count``.
    @inline(__always)
    subscript(index: Int) -> Element {
        base[index]
    }

    /// Replaces the element at an index below ``count``.
    @inline(__always)
    mutating func update(at index: Int, to element: consuming Element) {
        base[index] = element
    }

    /// Removes and returns the top element.
    @inline(__always)
    mutating func pop() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Moves the elements from `start` up into a new array and shrinks the stack to `start`.
    mutating func popArray(from start: Int) -> [Element] {
        let moved = count - start
        // reserveCapacity + append specialize fully; Array(unsafeUninitializedCapacity:) calls an unspecialized
        // allocator that looks up metadata at run time.
        var result: [Element] = []
        result.reserveCapacity(moved)
        for index in start..<count {
            result.append((base + index).move())
        }
        count = start
        return result
    }

    /// Shrinks the stack to `start` without deinitializing, after the caller has moved every element above it out
    /// with `(base + index).move()`.
    mutating func forget(from start: Int) {
        count = start
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
